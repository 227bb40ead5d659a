package io.jcacheredis.bench;

import io.jcacheredis.AsyncRedisCache;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The provider side: the default CacheManager of this provider (its default settings, pool of
 * 16), caches configured with a plain {@link MutableConfiguration} (statistics and management off, the default
 * eternal expiry), 10,000 keys pre-loaded. Each cache is destroyed at the end of the fork.
 */
public final class ProviderState {

  private ProviderState() {
  }

  static <V> Cache<String, V> create(CacheManager manager, String name, Class<V> valueType) {
    MutableConfiguration<String, V> config = new MutableConfiguration<String, V>()
        .setTypes(String.class, valueType)
        .setStatisticsEnabled(false)
        .setManagementEnabled(false);
    return manager.createCache(name, config); // opens one an interrupted run left behind; preload overwrites it
  }

  static <V> void preload(Cache<String, V> cache, V value) {
    Map<String, V> chunk = new HashMap<>();
    for (String key : Data.KEY_NAMES) {
      chunk.put(key, value);
      if (chunk.size() == 1000) {
        cache.putAll(chunk);
        chunk.clear();
      }
    }
    cache.putAll(chunk);
  }

  static CacheManager manager() {
    Servers.url(); // fails early when no server is configured
    return Servers.provider().getCacheManager();
  }

  static void close(CacheManager manager, String name) {
    if (manager != null) {
      manager.destroyCache(name);
      manager.close();
    }
  }

  /** A {@code Cache<String, String>} whose values have the benchmark's value size. */
  @State(Scope.Benchmark)
  public static class Values {
    static final String NAME = "bench-v";

    @Param({"100", "1024"})
    public int valueSize;

    CacheManager manager;
    Cache<String, String> cache;
    /** The cache's async extension. */
    AsyncRedisCache<String, String> async;
    String value;
    Set<String>[] keySets;
    Map<String, String>[] entryMaps;

    /** The manager of this state's cache: the default one. */
    CacheManager manager() {
      return ProviderState.manager();
    }

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of generic sets and maps; the unwrapped extension
    public void setUp() {
      value = Data.value(valueSize);
      manager = manager();
      cache = create(manager, NAME, String.class);
      async = cache.unwrap(AsyncRedisCache.class);
      preload(cache, value);
      int[][] batches = Data.batches();
      keySets = new Set[batches.length];
      entryMaps = new Map[batches.length];
      for (int b = 0; b < batches.length; b++) {
        keySets[b] = Data.keySet(Data.KEY_NAMES, batches[b]);
        entryMaps[b] = Data.entries(Data.KEY_NAMES, batches[b], value);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close(manager, NAME);
    }
  }

  /**
   * The third contender: the same cache as {@link Values}, through a manager of its own in the {@code multiplexed}
   * connection mode (2 shared connections, its other settings the defaults). It counts the connections the server
   * lists for that manager (CLIENT LIST, by client name) every 100 ms, and prints the most seen at the end of the fork
   * ("multiplexed connections per node"); the run fails if that exceeds the setting.
   */
  @State(Scope.Benchmark)
  public static class Multiplexed extends Values {
    static final String CLIENT_NAME = "jcache-bench-multiplexed";
    /** The shared connections per node: {@code -Dbench.multiplexed-connections=N} (1 to 4), else the default 2. */
    static final int CONNECTIONS = Integer.getInteger(ForkJvm.MULTIPLEXED_CONNECTIONS, 2);

    private ConnectionCount connections;

    @Override
    CacheManager manager() {
      String url = Servers.url();
      URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "connection-mode=multiplexed"
          + "&multiplexed.connections=" + CONNECTIONS + "&client-name=" + CLIENT_NAME);
      connections = new ConnectionCount(CLIENT_NAME);
      return Servers.provider().getCacheManager(uri, ProviderState.class.getClassLoader());
    }

    @TearDown(Level.Trial)
    public void reportConnections() {
      int most = connections.stop();
      System.out.println("# multiplexed connections per node: at most " + most + " (setting " + CONNECTIONS + ")");
      if (most > CONNECTIONS) {
        throw new IllegalStateException("The server listed " + most + " multiplexed connections of one manager, more"
            + " than the setting " + CONNECTIONS);
      }
    }
  }

  /** A {@code Cache<String, String>} of 100-byte values, for the operations that never move a value. */
  @State(Scope.Benchmark)
  public static class Keys {
    static final String NAME = "bench-k";
    static final int VALUE_SIZE = 100;

    CacheManager manager;
    Cache<String, String> cache;
    AsyncRedisCache<String, String> redis;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
      manager = manager();
      cache = create(manager, NAME, String.class);
      preload(cache, Data.value(VALUE_SIZE));
      redis = cache.unwrap(AsyncRedisCache.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close(manager, NAME);
    }
  }

  /** A {@code Cache<String, Long>} (stored as decimal text), every key starting at 0. */
  @State(Scope.Benchmark)
  public static class Longs {
    static final String NAME = "bench-n";

    CacheManager manager;
    Cache<String, Long> cache;
    AsyncRedisCache<String, Long> redis;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
      manager = manager();
      cache = create(manager, NAME, Long.class);
      preload(cache, 0L);
      redis = cache.unwrap(AsyncRedisCache.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close(manager, NAME);
    }
  }
}
