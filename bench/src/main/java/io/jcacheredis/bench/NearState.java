package io.jcacheredis.bench;

import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The near-cache rows' in-memory sides, each with the benchmark's 10,000 keys pre-loaded and (for the provider)
 * read once so that every call of the benchmark is a hit: the provider with its near cache on ({@value
 * NearCacheSettings#MAX_ENTRIES} = 20,000, a manager of its own), and Caffeine's in-process JCache provider, the
 * ceiling a near cache is measured against.
 */
public final class NearState {

  private NearState() {
  }

  /** The provider's near-cached {@code Cache<String, String>}, every key held locally. */
  @State(Scope.Benchmark)
  public static class Provider {
    static final String NAME = "bench-near";

    @Param({"100", "1024"})
    public int valueSize;

    CacheManager manager;
    Cache<String, String> cache;
    Set<String>[] keySets;
    String value;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      manager = nearCachedManager();
      cache = ProviderState.create(manager, NAME, String.class);
      awaitLive(manager, cache);
      value = Data.value(valueSize);
      ProviderState.preload(cache, value);
      for (String key : Data.KEY_NAMES) {
        cache.get(key); // held locally from now on
      }
      keySets = keySets();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ProviderState.close(manager, NAME);
    }
  }

  /**
   * The provider's near-cached {@code Cache<String, Long>} for {@code invoke}, every key starting at 0 and invoked once
   * in the set-up: a key's next invokes start from the value stored last (one round trip), which is what the row
   * measures (without the set-up's invokes, a short run's calls would mostly be first invokes of their key).
   */
  @State(Scope.Benchmark)
  public static class Longs {
    static final String NAME = "bench-near-n";

    CacheManager manager;
    Cache<String, Long> cache;

    /** The manager's settings beside the near cache's: none. */
    Properties settings() {
      return new Properties();
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      manager = nearCachedManager(settings());
      cache = ProviderState.create(manager, NAME, Long.class);
      awaitLive(manager, cache);
      ProviderState.preload(cache, 0L);
      for (String key : Data.KEY_NAMES) {
        cache.invoke(key, KeyOps.INCREMENT); // every key's first invoke reads it: the row measures the next ones
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ProviderState.close(manager, NAME);
    }
  }

  /**
   * {@link Longs} through a manager in the {@code multiplexed} connection mode (2 shared connections): the near-cached
   * invoke's compare-and-set written together with other callers'.
   */
  @State(Scope.Benchmark)
  public static class MultiplexedLongs extends Longs {
    @Override
    Properties settings() {
      Properties properties = new Properties();
      properties.setProperty(RedisSettings.CONNECTION_MODE, "multiplexed");
      return properties;
    }
  }

  /** A manager of its own whose caches are near-cached ({@value NearCacheSettings#MAX_ENTRIES} = 20,000). */
  static CacheManager nearCachedManager() {
    return nearCachedManager(new Properties());
  }

  /** {@link #nearCachedManager()} with other settings too. */
  static CacheManager nearCachedManager(Properties properties) {
    Servers.url(); // fails early when no server is configured
    properties.setProperty(NearCacheSettings.MAX_ENTRIES, "20000");
    CachingProvider provider = Servers.provider();
    ClassLoader loader = new URLClassLoader(new URL[0], NearState.class.getClassLoader());
    return provider.getCacheManager(provider.getDefaultURI(), loader, properties);
  }

  /** Waits until the manager's near-cache invalidation is established (started by the cache's first call). */
  static void awaitLive(CacheManager manager, Cache<String, ?> cache) throws InterruptedException {
    NearCaches nearCaches = manager.unwrap(NearCaches.class);
    cache.get("warm-up");
    for (int i = 0; i < 1000 && !nearCaches.isLive(); i++) {
      Thread.sleep(10);
    }
    if (!nearCaches.isLive()) {
      throw new IllegalStateException("near-cache invalidation was not established within 10 s");
    }
  }

  /**
   * Caffeine's own JCache provider ({@code com.github.ben-manes.caffeine:jcache}) in this JVM, with the same entries:
   * a {@code Cache<String, String>} of its defaults (a {@code MutableConfiguration}: store-by-value, which copies
   * nothing for immutable strings; no statistics), read with {@code get} / {@code getAll}. It is what an in-process
   * JCache costs, the ceiling no near cache can beat.
   */
  @State(Scope.Benchmark)
  public static class Caffeine {
    static final String NAME = "bench-caffeine";
    static final String PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    @Param({"100", "1024"})
    public int valueSize;

    CacheManager manager;
    Cache<String, String> cache;
    Set<String>[] keySets;

    @Setup(Level.Trial)
    public void setUp() {
      manager = Caching.getCachingProvider(PROVIDER).getCacheManager();
      cache = manager.createCache(NAME, new MutableConfiguration<String, String>().setTypes(String.class,
          String.class));
      String value = Data.value(valueSize);
      for (String key : Data.KEY_NAMES) {
        cache.put(key, value);
      }
      keySets = keySets();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      manager.destroyCache(NAME);
      manager.close();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // an array of generic sets
  private static Set<String>[] keySets() {
    int[][] batches = Data.batches();
    Set<String>[] sets = new Set[batches.length];
    for (int b = 0; b < batches.length; b++) {
      sets[b] = Data.keySet(Data.KEY_NAMES, batches[b]);
    }
    return sets;
  }
}
