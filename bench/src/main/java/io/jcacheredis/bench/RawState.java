package io.jcacheredis.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The raw side: a pooled Jedis {@link RedisClient} (pool of 16, RESP2, like the provider's) on the same server, or a
 * {@link RedisClusterClient} (a pool of 16 per node) on the same cluster, with
 * the same 10,000 keys under {@code rawkey:<cache>:<key>} (keys as long as the provider's {@code
 * jcache:<cache>:<key>}). Values are the plain strings (the provider stores them Kryo-encoded: 2-3 bytes more).
 * The keys are deleted at the end of the fork. On a cluster, the multi-key MSET and UNLINK of the setup and teardown
 * are split per slot by Jedis' cluster client.
 */
public final class RawState {

  private RawState() {
  }

  static void preload(UnifiedJedis redis, String[] keys, String value) {
    List<String> chunk = new ArrayList<>();
    for (String key : keys) {
      chunk.add(key);
      chunk.add(value);
      if (chunk.size() == 2000) {
        redis.mset(chunk.toArray(new String[0]));
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      redis.mset(chunk.toArray(new String[0]));
    }
  }

  static void close(UnifiedJedis redis, String[] keys) {
    if (redis != null) {
      for (int from = 0; from < keys.length; from += 1000) {
        String[] part = java.util.Arrays.copyOfRange(keys, from, Math.min(keys.length, from + 1000));
        redis.unlink(part);
      }
      redis.close();
    }
  }

  /** Keys whose values have the benchmark's value size. */
  @State(Scope.Benchmark)
  public static class Values {
    @Param({"100", "1024"})
    public int valueSize;

    UnifiedJedis redis;
    RawPipelines pipelines;
    String[] keys;
    String value;
    String[][] keyArrays;
    String[][] keysAndValues;

    @Setup(Level.Trial)
    public void setUp() {
      value = Data.value(valueSize);
      keys = Data.rawKeys(ProviderState.Values.NAME);
      redis = Servers.rawClient();
      pipelines = new RawPipelines(redis);
      preload(redis, keys, value);
      int[][] batches = Data.batches();
      keyArrays = new String[batches.length][];
      keysAndValues = new String[batches.length][];
      for (int b = 0; b < batches.length; b++) {
        keyArrays[b] = new String[batches[b].length];
        keysAndValues[b] = new String[2 * batches[b].length];
        for (int i = 0; i < batches[b].length; i++) {
          keyArrays[b][i] = keys[batches[b][i]];
          keysAndValues[b][2 * i] = keys[batches[b][i]];
          keysAndValues[b][2 * i + 1] = value;
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (pipelines != null) {
        pipelines.close();
      }
      close(redis, keys);
    }
  }

  /** Keys holding 100-byte values, for the operations that never move a value. */
  @State(Scope.Benchmark)
  public static class Keys {
    UnifiedJedis redis;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      keys = Data.rawKeys(ProviderState.Keys.NAME);
      redis = Servers.rawClient();
      preload(redis, keys, Data.value(ProviderState.Keys.VALUE_SIZE));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close(redis, keys);
    }
  }

  /** Keys holding the decimal text "0", as the provider stores a Long. */
  @State(Scope.Benchmark)
  public static class Longs {
    UnifiedJedis redis;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      keys = Data.rawKeys(ProviderState.Longs.NAME);
      redis = Servers.rawClient();
      preload(redis, keys, "0");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close(redis, keys);
    }
  }
}
