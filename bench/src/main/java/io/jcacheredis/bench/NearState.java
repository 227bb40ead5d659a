package io.jcacheredis.bench;

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
 * The near-cache rows' two in-memory sides, each with the benchmark's 10,000 keys pre-loaded and (for the provider)
 * read once so that every call of the benchmark is a hit: the provider with its near cache on ({@value
 * NearCacheSettings#MAX_ENTRIES} = 20,000, a manager of its own), and Caffeine's in-process JCache (store by value,
 * as JCache's default), the ceiling a near cache is measured against.
 */
public final class NearState {

  static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  private NearState() {
  }

  private static void fill(Cache<String, String> cache, String value) {
    ProviderState.preload(cache, value);
    for (String key : Data.KEY_NAMES) {
      cache.get(key);
    }
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

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      Servers.url(); // fails early when no server is configured
      Properties properties = new Properties();
      properties.setProperty(NearCacheSettings.MAX_ENTRIES, "20000");
      CachingProvider provider = Caching.getCachingProvider();
      ClassLoader loader = new URLClassLoader(new URL[0], NearState.class.getClassLoader());
      manager = provider.getCacheManager(provider.getDefaultURI(), loader, properties);
      cache = ProviderState.create(manager, NAME, String.class);
      NearCaches nearCaches = manager.unwrap(NearCaches.class);
      cache.get("warm-up"); // the first near-cached cache starts invalidation
      for (int i = 0; i < 1000 && !nearCaches.isLive(); i++) {
        Thread.sleep(10);
      }
      if (!nearCaches.isLive()) {
        throw new IllegalStateException("near-cache invalidation was not established within 10 s");
      }
      fill(cache, Data.value(valueSize));
      keySets = keySets();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ProviderState.close(manager, NAME);
    }
  }

  /** Caffeine's JCache {@code Cache<String, String>}, in this JVM only. */
  @State(Scope.Benchmark)
  public static class Caffeine {
    @Param({"100", "1024"})
    public int valueSize;

    CacheManager manager;
    Cache<String, String> cache;
    Set<String>[] keySets;

    @Setup(Level.Trial)
    public void setUp() {
      manager = Caching.getCachingProvider(CAFFEINE_PROVIDER).getCacheManager();
      cache = manager.createCache("bench-caffeine", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      fill(cache, Data.value(valueSize));
      keySets = keySets();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
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
