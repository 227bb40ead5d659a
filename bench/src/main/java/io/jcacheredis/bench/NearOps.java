package io.jcacheredis.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The near cache's hits, at each value size: the provider's near-cached {@code get} and {@code getAll} of 100 keys
 * all held locally ({@code *_provider}) against raw Jedis's GET / MGET (or, on a cluster, a pipeline of GETs), the
 * round trip a hit saves ({@code *_raw*}), and against Caffeine's JCache provider in the same JVM,
 * the ceiling ({@code *_caffeine}); and what a near-cached {@code put} costs against SET (on one server it goes over
 * the one tracking connection per server, and what it stored is kept locally).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearOps {

  // ---- near-cache get hit / GET / Caffeine's JCache get ----

  @Benchmark
  public String nearGet_provider(NearState.Provider s) {
    return s.cache.get(Data.KEY_NAMES[Data.randomIndex()]);
  }

  @Benchmark
  public String nearGet_raw(RawState.Values s) {
    return s.redis.get(s.keys[Data.randomIndex()]);
  }

  @Benchmark
  public String nearGet_caffeine(NearState.Caffeine s) {
    return s.cache.get(Data.KEY_NAMES[Data.randomIndex()]);
  }

  // ---- near-cached put (on one server over the tracking connection, kept locally) / SET ----

  @Benchmark
  public void nearPut_provider(NearState.Provider s) {
    s.cache.put(Data.KEY_NAMES[Data.randomIndex()], s.value);
  }

  @Benchmark
  public String nearPut_raw(RawState.Values s) {
    return s.redis.set(s.keys[Data.randomIndex()], s.value);
  }

  // ---- near-cache getAll of 100 hits / MGET of 100 (on a cluster: pipelined GETs) / Caffeine's JCache getAll ----

  @Benchmark
  public Map<String, String> nearGetAll_provider(NearState.Provider s) {
    return s.cache.getAll(s.keySets[Data.randomBatch()]);
  }

  @Benchmark
  public List<String> nearGetAll_raw(RawState.Values s) {
    return s.redis.mget(s.keyArrays[Data.randomBatch()]);
  }

  @Benchmark
  public List<String> nearGetAll_rawPipelined(RawState.Values s) {
    return s.pipelines.getEach(s.keyArrays[Data.randomBatch()]);
  }

  @Benchmark
  public Map<String, String> nearGetAll_caffeine(NearState.Caffeine s) {
    return s.cache.getAll(s.keySets[Data.randomBatch()]);
  }
}
