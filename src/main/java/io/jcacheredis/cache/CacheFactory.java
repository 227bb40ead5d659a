package io.jcacheredis.cache;

import io.jcacheredis.RedisCacheConfiguration;
import io.jcacheredis.codec.DefaultCodecs;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.configuration.FailureOptions;
import io.jcacheredis.event.ListenerObserver;
import io.jcacheredis.event.RemoteEvents;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStores;
import io.jcacheredis.store.events.CacheEvents;
import io.jcacheredis.store.events.EventBus;
import io.jcacheredis.util.CacheResources;
import java.util.function.Function;
import javax.cache.configuration.MutableConfiguration;

/**
 * Makes the caches of one manager, deciding once, before a cache exists, how it is wired: which codecs it uses (the
 * configuration's {@link RedisCacheConfiguration#getCodecFactory() codec factory}, else {@link DefaultCodecs}), which
 * {@link WritePath} its writes take (direct with a standard expiry policy and no CacheWriter, else read-decide-write),
 * whether it is handed out behind its failure-ignoring view, and whether its listeners hear other JVMs' changes
 * (then its store publishes its changes while another JVM listens, see {@link EntryStores#publishing}, and its
 * listeners are observed by {@link RemoteEvents}). The cache itself never branches on these.
 */
public final class CacheFactory {

  private final CacheOwner owner;
  private final EntryStore store;
  private final String prefix;
  private final DefaultCodecs defaultCodecs;
  private final FailureOptions failureOptions;
  private final EventBus events;

  /**
   * @param owner the manager the caches belong to
   * @param store the Redis store every cache of the manager uses
   * @param prefix the key prefix of the manager's caches
   * @param defaultCodecs makes the value codec of a cache whose configuration names none
   * @param failureOptions the manager's settings for Redis failures and unreadable values
   * @param events the manager's entry events across JVMs
   */
  public CacheFactory(CacheOwner owner, EntryStore store, String prefix, DefaultCodecs defaultCodecs,
      FailureOptions failureOptions, EventBus events) {
    this.owner = owner;
    this.store = store;
    this.prefix = prefix;
    this.defaultCodecs = defaultCodecs;
    this.failureOptions = failureOptions;
    this.events = events;
  }

  /**
   * A new cache with this configuration (which the cache keeps and changes: pass a copy). What the configuration's
   * factories create (expiry policy, loader, writer, listeners) belongs to the cache's {@link CacheResources} from
   * here on; if the cache cannot be made, what was created is closed before the failure is thrown.
   */
  public <K, V> RedisCache<K, V> create(String cacheName, MutableConfiguration<K, V> configuration) {
    CacheResources resources = new CacheResources(cacheName);
    try {
      return create(cacheName, configuration, resources);
    } catch (RuntimeException e) {
      resources.closeAllAfter(e);
      throw e;
    }
  }

  private <K, V> RedisCache<K, V> create(String cacheName, MutableConfiguration<K, V> configuration,
      CacheResources resources) {
    RedisCacheConfiguration<K, V> redisOptions = configuration instanceof RedisCacheConfiguration
        ? (RedisCacheConfiguration<K, V>) configuration : null;
    ValueCodec values = codec(cacheName, configuration, redisOptions);
    ExpiryAdapter expiry = new ExpiryAdapter(resources.own(configuration.getExpiryPolicyFactory().create()));
    LoaderWriter<K, V> loaderWriter = new LoaderWriter<>(configuration, resources);
    EntryStore cacheStore = store;
    Function<CacheContext<K, V>, ListenerObserver<K, V>> observer = context -> ListenerObserver.none();
    if (events.remoteFor(redisOptions == null ? null : redisOptions.getRemoteEvents())) {
      CacheEvents cacheEvents = resources.own(events.open(cacheName));
      cacheStore = EntryStores.publishing(store, cacheEvents);
      observer = context -> new RemoteEvents<>(cacheEvents, context::decodeKey, context::decodeValue);
    }
    CacheParts<K, V> parts = new CacheParts<>(new KeyCodec(prefix, cacheName, values), values, cacheStore, expiry,
        loaderWriter, resources, observer);
    return new RedisCache<>(cacheName, owner, configuration, parts, wiring(cacheName, parts, redisOptions));
  }

  private ValueCodec codec(String cacheName, MutableConfiguration<?, ?> configuration,
      RedisCacheConfiguration<?, ?> redisOptions) {
    return redisOptions != null && redisOptions.getCodecFactory() != null ? redisOptions.getCodecFactory().create()
        : defaultCodecs.forCache(cacheName, configuration.getKeyType(), configuration.getValueType());
  }

  private Wiring wiring(String cacheName, CacheParts<?, ?> parts, RedisCacheConfiguration<?, ?> redisOptions) {
    boolean direct = parts.expiry().isPure() && !parts.loaderWriter().writeThrough();
    boolean ignore = failureOptions.ignoreExceptions(redisOptions == null ? null : redisOptions.getIgnoreExceptions());
    boolean throwOnUnreadable = failureOptions.throwOnUnreadableValues(
        redisOptions == null ? null : redisOptions.getThrowOnUnreadableValues());
    return new Wiring(direct ? WritePath.Kind.DIRECT : WritePath.Kind.TRANSACTIONAL,
        ignore ? new IgnoredFailures(cacheName, failureOptions.loggerName()) : null, throwOnUnreadable);
  }
}
