package io.jcacheredis.spi;

import io.jcacheredis.cache.CacheFactory;
import io.jcacheredis.cache.CacheOwner;
import io.jcacheredis.cache.RedisCache;
import io.jcacheredis.catalog.StoredConfigurations;
import io.jcacheredis.codec.CacheCodecs;
import io.jcacheredis.codec.CodecChoices;
import io.jcacheredis.codec.CodecNames;
import io.jcacheredis.codec.CodecOptions;
import io.jcacheredis.codec.Compression;
import io.jcacheredis.codec.DefaultCodecs;
import io.jcacheredis.codec.KryoCodec;
import io.jcacheredis.codec.KryoOptions;
import io.jcacheredis.RedisCacheConfiguration;
import io.jcacheredis.configuration.EventOptions;
import io.jcacheredis.configuration.FailureOptions;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.configuration.SettingLookup;
import io.jcacheredis.configuration.SettingNames;
import io.jcacheredis.management.CacheConfigurationBean;
import io.jcacheredis.management.MBeanRegistrar;
import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStores;
import io.jcacheredis.store.events.EventBus;
import io.jcacheredis.client.RedisClients;
import io.jcacheredis.util.CloseFailures;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * A CacheManager whose caches live in one Redis database. It owns the connection pool (closed with the manager) and
 * the caches opened through it: {@link #getCacheNames()} lists those, while {@link #getCache(String)} also finds a
 * cache another JVM created, from the configuration stored in Redis.
 */
public final class RedisCacheManager implements CacheManager, CacheOwner {

  /** How often (ms) open caches' stored configurations are checked and put back if Redis lost them; 0: never. */
  public static final String CONFIG_REFRESH = "jcache.redis.config-refresh.millis";

  /**
   * Every cache this manager creates or opens has statistics enabled, as if its configuration said so (default
   * false): for caches that frameworks create with a default configuration. {@link #enableStatistics} still turns
   * them off for one cache.
   */
  public static final String STATISTICS_ENABLED = "jcache.redis.statistics-enabled";

  private static final Logger LOG = LoggerFactory.getLogger(RedisCacheManager.class);

  /**
   * Every setting name the provider reads, in order: the constants of the classes that read settings. A name given
   * that is not among them is logged as a WARN ({@link RedisSettings#warnAboutUnknownNames}).
   */
  public static final Set<String> SETTING_NAMES = Collections.unmodifiableSet(SettingNames.declaredIn(
      RedisSettings.class, FailureOptions.class, KryoOptions.class, KryoCodec.class, CodecOptions.class,
      RedisCacheManager.class, NearCacheSettings.class, EventOptions.class));

  private final RedisCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final RedisSettings settings;
  private final UnifiedJedis redis;
  private final EntryStore store;
  private final StoredConfigurations storedConfigurations;
  private final CacheFactory cacheFactory;
  private final NearCaches nearCaches;
  private final EventBus events;
  private final boolean statisticsEnabled;
  private final ConcurrentMap<String, RedisCache<?, ?>> caches = new ConcurrentHashMap<>();
  /** The codec of each open cache, for its stored configuration when Redis lost it. */
  private final ConcurrentMap<RedisCache<?, ?>, CodecNames> codecNames = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final ScheduledExecutorService configurationKeeper;
  private volatile boolean closed;

  RedisCacheManager(RedisCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      RedisSettings settings) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.settings = settings;
    // Settings are checked before the client and threads exist, so a bad one leaves nothing open.
    settings.warnAboutUnknownNames(SETTING_NAMES);
    List<String> allowedClasses = SettingLookup.list(settings.merged(), KryoCodec.ALLOWED_CLASSES);
    KryoOptions kryoOptions = new KryoOptions(SettingLookup.bool(settings.merged(), KryoOptions.REFERENCES, true),
        SettingLookup.list(settings.merged(), KryoOptions.REGISTRATIONS));
    FailureOptions failureOptions = FailureOptions.from(settings.merged());
    CodecOptions codecOptions = codecOptions(settings.merged());
    NearCacheSettings nearCacheSettings = NearCacheSettings.from(settings.merged());
    EventOptions eventOptions = EventOptions.from(settings.merged());
    this.statisticsEnabled = SettingLookup.bool(settings.merged(), STATISTICS_ENABLED, false);
    long refreshMillis = SettingLookup.number(settings.merged(), CONFIG_REFRESH, 30_000);
    this.redis = RedisClients.create(settings);
    this.store = EntryStores.create(redis, settings.endpoint());
    this.storedConfigurations = new StoredConfigurations(redis, settings.prefix());
    this.nearCaches = new NearCaches(nearCacheSettings, redis, settings.endpoint(), settings.prefix());
    this.events = new EventBus(redis, settings, eventOptions);
    this.cacheFactory = new CacheFactory(this, store, settings.prefix(), new CodecChoices(
        new DefaultCodecs(classLoader, settings.prefix(), allowedClasses, kryoOptions), codecOptions), failureOptions,
        nearCaches, events);
    // Runs loadAll and the async extension: as many workers as connections, so work queues here, not in the pool.
    this.executor = Executors.newFixedThreadPool(Math.max(2, settings.poolMaxTotal()), runnable -> {
      Thread thread = new Thread(runnable, "jcache-redis-worker");
      thread.setDaemon(true);
      return thread;
    });
    this.configurationKeeper = keepConfigurations(refreshMillis);
    LOG.debug("CacheManager {} uses {}", displayUri(), settings);
  }

  /** The manager-wide codec settings ({@link CodecOptions}), checked. */
  private static CodecOptions codecOptions(Properties merged) {
    String threshold = SettingLookup.get(merged, CodecOptions.COMPRESSION_THRESHOLD, null);
    return CodecOptions.of(SettingLookup.get(merged, CodecOptions.CODEC, null),
        SettingLookup.get(merged, CodecOptions.COMPRESSION, null),
        threshold == null ? null : SettingLookup.number(merged, CodecOptions.COMPRESSION_THRESHOLD, 0),
        "the manager's settings");
  }

  /**
   * Every {@value #CONFIG_REFRESH} ms, puts back the stored configuration of each open cache if Redis lost it (a
   * restart without persistence, a FLUSHALL), so other JVMs keep finding the cache. One EXISTS per open cache.
   */
  private ScheduledExecutorService keepConfigurations(long period) {
    if (period <= 0) {
      return null;
    }
    ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "jcache-redis-configuration");
      thread.setDaemon(true);
      return thread;
    });
    keeper.scheduleWithFixedDelay(this::restoreLostConfigurations, period, period, TimeUnit.MILLISECONDS);
    return keeper;
  }

  private void restoreLostConfigurations() {
    for (RedisCache<?, ?> cache : caches.values()) {
      try {
        if (storedConfigurations.restoreIfMissing(cache.getName(), cache.configuration(),
            codecNames.getOrDefault(cache, CodecNames.LEGACY))) {
          LOG.info("Cache {}: its configuration was missing in Redis (restarted empty?) and was stored again",
              cache.getName());
        }
      } catch (RuntimeException e) {
        LOG.debug("Cannot check the stored configuration of cache {} now: {}", cache.getName(), e.getMessage());
      }
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    MutableConfiguration<K, V> copy = copyOf(configuration);
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("Cache " + cacheName + " already exists in this CacheManager");
      }
      CacheCodecs codecs = cacheFactory.codecs(cacheName, copy);
      boolean stored = storedConfigurations.storeOrCheck(cacheName, copy, codecs.names(), classLoader);
      try {
        return open(cacheName, copy, codecs);
      } catch (RuntimeException e) {
        if (stored) {
          storedConfigurations.delete(cacheName); // not created after all: other JVMs must not find it
        }
        throw e;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof RedisCacheConfiguration) {
      return new RedisCacheConfiguration<>((RedisCacheConfiguration<K, V>) configuration);
    }
    if (configuration instanceof CompleteConfiguration) {
      return new MutableConfiguration<>((CompleteConfiguration<K, V>) configuration);
    }
    MutableConfiguration<K, V> copy = new MutableConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  /** Opens a cache and publishes it once its MBeans are registered: a cache that fails to open leaves nothing. */
  private <K, V> Cache<K, V> open(String cacheName, MutableConfiguration<K, V> configuration, CacheCodecs codecs) {
    if (statisticsEnabled) {
      configuration.setStatisticsEnabled(true); // the cache's own copy; the stored configuration is left as given
    }
    RedisCache<K, V> cache = cacheFactory.create(cacheName, configuration, codecs);
    try {
      if (configuration.isManagementEnabled()) {
        MBeanRegistrar.register(new CacheConfigurationBean(configuration), MBeanRegistrar.Kind.CONFIGURATION, uri,
            cacheName);
      }
      if (configuration.isStatisticsEnabled()) {
        MBeanRegistrar.register(cache.statistics(), MBeanRegistrar.Kind.STATISTICS, uri, cacheName);
      }
    } catch (RuntimeException e) {
      try {
        cache.close(); // unregisters what was registered, closes what the configuration's factories created
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    codecNames.put(cache, codecs.names());
    caches.put(cacheName, cache);
    return cache.view();
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    ensureOpen();
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Cache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<K, V> configuration = cache.getConfiguration(CompleteConfiguration.class);
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("Cache " + cacheName + " has key type " + configuration.getKeyType().getName()
          + " and value type " + configuration.getValueType().getName() + ", not " + keyType.getName() + " and "
          + valueType.getName());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    RedisCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      return (Cache<K, V>) cache.view();
    }
    synchronized (caches) {
      cache = caches.get(cacheName);
      if (cache != null) {
        return (Cache<K, V>) cache.view();
      }
      MutableConfiguration<Object, Object> stored = storedConfigurations.read(cacheName, classLoader,
          CodecNames.of(cacheFactory.managerCodecOptions()));
      return stored == null ? null : (Cache<K, V>) open(cacheName, stored, cacheFactory.codecs(cacheName, stored));
    }
  }

  @Override
  public Iterable<String> getCacheNames() {
    ensureOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    RedisCache<?, ?> cache = caches.get(cacheName);
    if (cache == null && storedConfigurations.exists(cacheName)) {
      // Clearing needs only the entries' keys: a plain configuration also clears a cache whose stored one is
      // unreadable.
      cache = cacheFactory.create(cacheName, new RedisCacheConfiguration<>().setCodec(CodecOptions.KRYO)
          .setCompression(Compression.NONE.settingName()));
    }
    if (cache != null) {
      cache.clear();
      try {
        cache.close();
      } catch (RuntimeException e) {
        deleteStoredConfiguration(cacheName, e);
        throw e;
      }
    }
    storedConfigurations.delete(cacheName);
  }

  /** Deletes a destroyed cache's stored configuration although closing it failed; a failure here is suppressed. */
  private void deleteStoredConfiguration(String cacheName, RuntimeException closeFailure) {
    try {
      storedConfigurations.delete(cacheName);
    } catch (RuntimeException e) {
      closeFailure.addSuppressed(e);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    ensureOpen();
    RedisCache<?, ?> cache = requireOpenCache(cacheName);
    cache.configuration().setManagementEnabled(enabled);
    if (enabled) {
      MBeanRegistrar.register(new CacheConfigurationBean(cache.configuration()), MBeanRegistrar.Kind.CONFIGURATION,
          uri, cacheName);
    } else {
      MBeanRegistrar.unregister(MBeanRegistrar.Kind.CONFIGURATION, uri, cacheName);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    ensureOpen();
    RedisCache<?, ?> cache = requireOpenCache(cacheName);
    cache.configuration().setStatisticsEnabled(enabled);
    cache.statistics().setEnabled(enabled);
    if (enabled) {
      MBeanRegistrar.register(cache.statistics(), MBeanRegistrar.Kind.STATISTICS, uri, cacheName);
    } else {
      MBeanRegistrar.unregister(MBeanRegistrar.Kind.STATISTICS, uri, cacheName);
    }
  }

  private RedisCache<?, ?> requireOpenCache(String cacheName) {
    Objects.requireNonNull(cacheName, "cacheName");
    RedisCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      getCache(cacheName);
      cache = caches.get(cacheName);
    }
    if (cache == null) {
      throw new IllegalArgumentException("No cache named " + cacheName + " in CacheManager " + displayUri());
    }
    return cache;
  }

  @Override
  public void release(RedisCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
    codecNames.remove(cache);
    MBeanRegistrar.unregister(MBeanRegistrar.Kind.CONFIGURATION, uri, cache.getName());
    MBeanRegistrar.unregister(MBeanRegistrar.Kind.STATISTICS, uri, cache.getName());
  }

  @Override
  public CacheManager manager() {
    return this;
  }

  @Override
  public Executor executor() {
    return executor;
  }

  /**
   * Closes every cache (and what their configurations' factories created), the worker threads and the Redis client.
   *
   * @throws CacheException when some cache failed to close something: the first failure as the cause, the others
   *     suppressed; everything was closed all the same
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    provider.release(this);
    CloseFailures failures = new CloseFailures("CacheManager " + displayUri());
    for (RedisCache<?, ?> cache : new ArrayList<>(caches.values())) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        failures.add(cache, e);
      }
    }
    executor.shutdown();
    nearCaches.close();
    events.close();
    if (configurationKeeper != null) {
      configurationKeeper.shutdownNow();
    }
    redis.close();
    failures.throwIfAny();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  /**
   * Unwraps to this manager, or to its Jedis client ({@code unwrap(UnifiedJedis.class)}) for what neither JCache nor
   * the extension offers: raw commands and the connection pool's counters, or to its {@link NearCaches} (whether
   * near-cache invalidation is live). The manager owns both: do not close them.
   */
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    if (clazz == NearCaches.class) {
      return clazz.cast(nearCaches);
    }
    if (clazz.isInstance(redis)) {
      return clazz.cast(redis);
    }
    throw new IllegalArgumentException("Cannot unwrap a RedisCacheManager to " + clazz.getName());
  }

  /** The manager URI without user info, for logs, messages and MBean names. */
  private String displayUri() {
    return RedisEndpoint.redact(uri.toString());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + displayUri() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "RedisCacheManager[" + displayUri() + ", " + settings.endpoint() + "]";
  }
}
