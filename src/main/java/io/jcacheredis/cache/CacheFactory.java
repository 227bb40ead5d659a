package io.jcacheredis.cache;

import io.jcacheredis.RedisCacheConfiguration;
import io.jcacheredis.codec.CacheCodecs;
import io.jcacheredis.codec.CodecChoices;
import io.jcacheredis.codec.CodecOptions;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.configuration.FailureOptions;
import io.jcacheredis.event.ListenerObserver;
import io.jcacheredis.event.RemoteEvents;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.nearcache.NearCaches;
import io.jcacheredis.store.AsyncEntryStore;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStores;
import io.jcacheredis.store.events.CacheEvents;
import io.jcacheredis.store.events.EventBus;
import io.jcacheredis.util.CacheResources;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;

/**
 * Makes the caches of one manager, deciding once, before a cache exists, how it is wired: which codecs it uses (the
 * configuration's {@link RedisCacheConfiguration#getCodecFactory() codec factory}, else the codec its options or the
 * manager's settings name, see {@link CodecChoices}), which {@link WritePath} its writes take (direct with a standard
 * expiry policy and no CacheWriter, else read-decide-write), whether its store is wrapped in a near cache
 * ({@link NearCaches}), whether its listeners hear other JVMs' changes (then its store publishes its changes while
 * another JVM listens, see {@link EntryStores#publishing}, inside the near cache, and its listeners are observed by
 * {@link RemoteEvents}), whether it is handed out behind its failure-ignoring view, and how its async extension
 * completes its stages (from the replies when its store sends without waiting, see {@link AsyncExtensionKind}, else
 * on the workers, see {@link WorkerCalls}). The cache itself never branches on these.
 */
public final class CacheFactory {

  private final CacheOwner owner;
  private final EntryStore store;
  private final String prefix;
  private final CodecChoices codecChoices;
  private final FailureOptions failureOptions;
  private final NearCaches nearCaches;
  private final EventBus events;

  /**
   * @param owner the manager the caches belong to
   * @param store the Redis store every cache of the manager uses
   * @param prefix the key prefix of the manager's caches
   * @param codecChoices makes the codecs of each cache, from its configuration and the manager's settings
   * @param failureOptions the manager's settings for Redis failures and unreadable values
   * @param nearCaches decides which caches have a near cache, and wraps their store in it
   * @param events the manager's entry events across JVMs
   */
  public CacheFactory(CacheOwner owner, EntryStore store, String prefix, CodecChoices codecChoices,
      FailureOptions failureOptions, NearCaches nearCaches, EventBus events) {
    this.owner = owner;
    this.store = store;
    this.prefix = prefix;
    this.codecChoices = codecChoices;
    this.failureOptions = failureOptions;
    this.nearCaches = nearCaches;
    this.events = events;
  }

  /**
   * A new cache with this configuration (which the cache keeps and changes: pass a copy). What the configuration's
   * factories create (expiry policy, loader, writer, listeners) belongs to the cache's {@link CacheResources} from
   * here on; if the cache cannot be made, what was created is closed before the failure is thrown.
   */
  public <K, V> RedisCache<K, V> create(String cacheName, MutableConfiguration<K, V> configuration) {
    return create(cacheName, configuration, codecs(cacheName, configuration));
  }

  /** As {@link #create(String, MutableConfiguration)}, with the codecs {@link #codecs} made for it. */
  public <K, V> RedisCache<K, V> create(String cacheName, MutableConfiguration<K, V> configuration,
      CacheCodecs codecs) {
    CacheResources resources = new CacheResources(cacheName);
    try {
      return create(cacheName, configuration, codecs, resources);
    } catch (RuntimeException e) {
      resources.closeAllAfter(e);
      throw e;
    }
  }

  private <K, V> RedisCache<K, V> create(String cacheName, MutableConfiguration<K, V> configuration,
      CacheCodecs codecs, CacheResources resources) {
    RedisCacheConfiguration<K, V> redisOptions = configuration instanceof RedisCacheConfiguration
        ? (RedisCacheConfiguration<K, V>) configuration : null;
    ValueCodec values = codecs.values();
    ExpiryAdapter expiry = new ExpiryAdapter(resources.own(configuration.getExpiryPolicyFactory().create()));
    LoaderWriter<K, V> loaderWriter = new LoaderWriter<>(configuration, resources);
    KeyCodec keys = new KeyCodec(prefix, cacheName, codecs.keys());
    UnaryOperator<EntryStore> decorate = UnaryOperator.identity();
    Function<CacheContext<K, V>, ListenerObserver<K, V>> observer = context -> ListenerObserver.none();
    if (events.remoteFor(redisOptions == null ? null : redisOptions.getRemoteEvents())) {
      CacheEvents cacheEvents = resources.own(events.open(cacheName));
      decorate = base -> EntryStores.publishing(base, cacheEvents);
      observer = context -> new RemoteEvents<>(cacheEvents, context::decodeKey, context::decodeValue);
    }
    EntryStore cacheStore = nearCaches.wrap(cacheName, keys.prefix(),
        redisOptions == null ? null : redisOptions.getNearCacheMaxEntries(), decorate.apply(store), decorate,
        resources);
    CacheParts<K, V> parts = new CacheParts<>(keys, values, cacheStore, expiry, loaderWriter, resources, observer);
    return new RedisCache<>(cacheName, owner, configuration, parts, wiring(cacheName, parts, redisOptions));
  }

  /** The manager-wide codec settings: the codec of caches opened from a stored configuration. */
  public CodecOptions managerCodecOptions() {
    return codecChoices.managerOptions();
  }

  /**
   * The codecs of a cache with this configuration: its codec factory, else the codec its options (a {@link
   * RedisCacheConfiguration}) or the manager's settings name, with the compression they name. A CacheException when
   * they cannot work for the cache (a json cache without a value type, a missing library, both a codec and a codec
   * factory).
   */
  public CacheCodecs codecs(String cacheName, MutableConfiguration<?, ?> configuration) {
    CodecOptions options = codecChoices.managerOptions();
    if (!(configuration instanceof RedisCacheConfiguration)) {
      return codecChoices.forCache(cacheName, configuration.getKeyType(), configuration.getValueType(), options);
    }
    RedisCacheConfiguration<?, ?> redisOptions = (RedisCacheConfiguration<?, ?>) configuration;
    Integer threshold = redisOptions.getCompressionThresholdBytes();
    options = options.with(redisOptions.getCodec(), redisOptions.getCompression(),
        threshold == null ? null : threshold.longValue(), "the RedisCacheConfiguration of cache " + cacheName);
    Factory<? extends ValueCodec> factory = redisOptions.getCodecFactory();
    if (factory == null) {
      return codecChoices.forCache(cacheName, configuration.getKeyType(), configuration.getValueType(), options);
    }
    if (redisOptions.getCodec() != null) {
      throw new CacheException("Cache " + cacheName + " is given both a codec (" + redisOptions.getCodec()
          + ") and a codec factory: set one of them");
    }
    return codecChoices.forCodec(factory.create(), options);
  }

  private Wiring wiring(String cacheName, CacheParts<?, ?> parts, RedisCacheConfiguration<?, ?> redisOptions) {
    boolean direct = parts.expiry().isPure() && !parts.loaderWriter().writeThrough();
    boolean ignore = failureOptions.ignoreExceptions(redisOptions == null ? null : redisOptions.getIgnoreExceptions());
    boolean throwOnUnreadable = failureOptions.throwOnUnreadableValues(
        redisOptions == null ? null : redisOptions.getThrowOnUnreadableValues());
    WorkerCalls workerCalls = store instanceof AsyncEntryStore ? new ExecutorWorkerCalls(owner.executor())
        : new DeferredWorkerCalls(owner.executor());
    AsyncExtensionKind asyncExtension = parts.store() instanceof AsyncEntryStore ? AsyncExtensionKind.FROM_REPLIES
        : AsyncExtensionKind.ON_WORKERS;
    return new Wiring(direct ? WritePath.Kind.DIRECT : WritePath.Kind.TRANSACTIONAL,
        ignore ? new IgnoredFailures(cacheName, failureOptions.loggerName()) : null, throwOnUnreadable,
        asyncExtension, workerCalls);
  }
}
