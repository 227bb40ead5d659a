package io.jcacheredis.bench;

import io.jcacheredis.RedisCacheConfiguration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.UnifiedJedis;

/** The states of {@link CompressionOps}: {@value #KEYS} keys of large compressible text on each side. */
public final class CompressionState {

  /** The JMH parameter naming the provider's compression. */
  static final String COMPRESSION = "compression";
  /** Keys per side: few, as values are up to 100 KB. */
  static final int KEYS = 100;
  static final String NAME = "bench-z";

  private CompressionState() {
  }

  /** A {@code Cache<String, String>} compressing with the benchmark's compression (threshold: the default 1 KB). */
  @State(Scope.Benchmark)
  public static class Provider {
    @Param({"1024", "102400"})
    public int valueSize;

    @Param({"none", "lz4", "zstd"})
    public String compression;

    CacheManager manager;
    Cache<String, String> cache;
    String value;

    @Setup(Level.Trial)
    public void setUp() {
      value = Data.document(valueSize);
      manager = ProviderState.manager();
      RedisCacheConfiguration<String, String> config = new RedisCacheConfiguration<String, String>()
          .setCompression(compression);
      config.setTypes(String.class, String.class).setStatisticsEnabled(false).setManagementEnabled(false);
      cache = manager.createCache(NAME, config);
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < KEYS; i++) {
        entries.put(Data.KEY_NAMES[i], value);
      }
      cache.putAll(entries);
      try (UnifiedJedis redis = Servers.rawClient()) {
        long stored = redis.strlen(Data.PROVIDER_PREFIX + ":" + NAME + ":" + Data.KEY_NAMES[0]);
        System.out.printf("%n# bytes stored per value: %d B of text, compression %s: %d B in Redis (%.1f%%)%n",
            valueSize, compression, stored, 100.0 * stored / valueSize);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ProviderState.close(manager, NAME);
    }
  }

  /** The same text, uncompressed, under raw keys. */
  @State(Scope.Benchmark)
  public static class Raw {
    @Param({"1024", "102400"})
    public int valueSize;

    UnifiedJedis redis;
    String[] keys;
    String value;

    @Setup(Level.Trial)
    public void setUp() {
      value = Data.document(valueSize);
      keys = Arrays.copyOf(Data.rawKeys(NAME), KEYS);
      redis = Servers.rawClient();
      RawState.preload(redis, keys, value);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      RawState.close(redis, keys);
    }
  }
}
