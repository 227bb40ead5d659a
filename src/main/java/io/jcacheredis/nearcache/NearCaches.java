package io.jcacheredis.nearcache;

import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStores;
import io.jcacheredis.util.CacheResources;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The near caches of one CacheManager: decides for each cache whether it has one ({@link #wrap}), and owns what they
 * share: one invalidation listener for all of them (started with the first near-cached cache, so a manager without
 * near caches opens nothing), the routing of invalidated keys to their cache, and whether invalidation is live.
 * {@code manager.unwrap(NearCaches.class)} returns it, for {@link #isLive()}.
 */
public final class NearCaches implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NearCaches.class);

  private final NearCacheSettings settings;
  private final UnifiedJedis redis;
  private final RedisEndpoint endpoint;
  private final byte[] namespacePrefix;
  private final TrackingState tracking = new TrackingState();
  private final InvalidationRouter router;
  private InvalidationListener listener;
  private boolean unsupported;

  /**
   * @param settings the manager's near-cache settings
   * @param redis the manager's client, whose masters are tracked
   * @param endpoint the server the failures of the tracking connection's pipelines name
   * @param prefix the manager's key prefix ({@code jcache.redis.prefix})
   */
  public NearCaches(NearCacheSettings settings, UnifiedJedis redis, RedisEndpoint endpoint, String prefix) {
    this.settings = settings;
    this.redis = redis;
    this.endpoint = endpoint;
    this.namespacePrefix = KeyCodec.namespacePrefix(prefix);
    this.router = new InvalidationRouter(namespacePrefix);
  }

  /**
   * The store a cache uses: {@code store} itself without a near cache (its maximum is 0, or the manager's client is
   * not a built-in one), else a near-cache decorator whose local map is given up when the cache closes.
   *
   * @param cachePrefix the prefix of the cache's Redis keys ({@link KeyCodec#prefix()})
   * @param cacheMaxEntries the cache's own maximum, or null to follow the manager's
   * @param store the cache's store: {@code decorate} applied to the manager's
   * @param decorate what the cache puts around a store that {@link EntryStores#create} made (publishing its
   *     changes), applied also to the store over the tracking connection that carries its writes
   * @param resources what the cache closes when it closes
   */
  public synchronized EntryStore wrap(String cacheName, byte[] cachePrefix, Long cacheMaxEntries, EntryStore store,
      UnaryOperator<EntryStore> decorate, CacheResources resources) {
    LocalBound bound = settings.boundOf(cacheName, cacheMaxEntries);
    if (bound.isNone() || !startListener()) {
      return store;
    }
    LocalEntries local = new LocalEntries(bound, settings.maxLifetimeMillis(), tracking);
    router.register(cachePrefix, local);
    resources.own((AutoCloseable) () -> router.unregister(cachePrefix, local));
    return new NearCacheEntryStore(store, local, new LastStored(bound), tracking,
        client -> decorate.apply(EntryStores.create(client, endpoint)));
  }

  private boolean startListener() {
    if (listener != null) {
      return true;
    }
    TrackedNodes nodes = TrackedNodes.of(redis);
    if (nodes == null) {
      if (!unsupported) {
        unsupported = true;
        LOG.warn("Near cache off: the manager's Redis client ({}, from a client factory) is not a built-in one, whose"
            + " connections the near cache opens its invalidation connections like; leave {} and {} unset or use"
            + " the built-in client", redis.getClass().getName(), NearCacheSettings.MAX_ENTRIES,
            NearCacheSettings.MAX_BYTES);
      }
      return false;
    }
    listener = new InvalidationListener(nodes, namespacePrefix, router, tracking, settings.pingIntervalMillis());
    listener.start();
    return true;
  }

  /**
   * Whether invalidation is established now, so that the near caches serve and keep values (false before it is, while
   * it is lost, after Redis refused it, and without near-cached caches).
   */
  public boolean isLive() {
    return tracking.isLive();
  }

  /** Stops the invalidation listener and closes its connections; the near caches serve nothing from then on. */
  @Override
  public synchronized void close() {
    if (listener != null) {
      listener.close();
    }
    tracking.goDark();
    router.clearAll();
  }
}
