package io.jcacheredis.bench;

import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.params.SetParams;

/**
 * Operations that move values, at each value size: the provider through {@code javax.cache.Cache} ({@code *_provider};
 * for get, put, getAll and putAll also in the multiplexed connection mode, {@code *_multiplexed}) against raw Jedis
 * doing the same work ({@code *_raw}). JMH runs benchmarks in the order of their names, so the two
 * sides of an operation run one after the other. The {@code *_rawPipelined} bulk benchmarks are what raw Jedis does
 * on a Redis Cluster, where MGET and MSET may not name keys of two slots (BenchMain picks the raw variants per mode).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValueOps {

  private static final SetParams NX = SetParams.setParams().nx();

  // ---- get / GET ----

  @Benchmark
  public String get_provider(ProviderState.Values s) {
    return s.cache.get(Data.KEY_NAMES[Data.randomIndex()]);
  }

  @Benchmark
  public String get_raw(RawState.Values s) {
    return s.redis.get(s.keys[Data.randomIndex()]);
  }

  @Benchmark
  public String get_multiplexed(ProviderState.Multiplexed s) {
    return s.cache.get(Data.KEY_NAMES[Data.randomIndex()]);
  }

  // ---- getAll of 100 / MGET of 100 ----

  @Benchmark
  public Map<String, String> getAll_multiplexed(ProviderState.Multiplexed s) {
    return s.cache.getAll(s.keySets[Data.randomBatch()]);
  }

  @Benchmark
  public Map<String, String> getAll_provider(ProviderState.Values s) {
    return s.cache.getAll(s.keySets[Data.randomBatch()]);
  }

  @Benchmark
  public List<String> getAll_raw(RawState.Values s) {
    return s.redis.mget(s.keyArrays[Data.randomBatch()]);
  }

  /** A pipeline of 100 GETs, every value read back (on a cluster: per master, the masters in parallel). */
  @Benchmark
  public List<String> getAll_rawPipelined(RawState.Values s) {
    return s.pipelines.getEach(s.keyArrays[Data.randomBatch()]);
  }

  // ---- put / SET ----

  @Benchmark
  public void put_multiplexed(ProviderState.Multiplexed s) {
    s.cache.put(Data.KEY_NAMES[Data.randomIndex()], s.value);
  }

  @Benchmark
  public void put_provider(ProviderState.Values s) {
    s.cache.put(Data.KEY_NAMES[Data.randomIndex()], s.value);
  }

  @Benchmark
  public String put_raw(RawState.Values s) {
    return s.redis.set(s.keys[Data.randomIndex()], s.value);
  }

  // ---- putAll of 100 / MSET of 100 (and a pipeline of 100 SETs, which is what the provider sends; on a cluster,
  // one pipeline per master) ----

  @Benchmark
  public void putAll_multiplexed(ProviderState.Multiplexed s) {
    s.cache.putAll(s.entryMaps[Data.randomBatch()]);
  }

  @Benchmark
  public void putAll_provider(ProviderState.Values s) {
    s.cache.putAll(s.entryMaps[Data.randomBatch()]);
  }

  @Benchmark
  public String putAll_raw(RawState.Values s) {
    return s.redis.mset(s.keysAndValues[Data.randomBatch()]);
  }

  @Benchmark
  public void putAll_rawPipelined(RawState.Values s) {
    s.pipelines.setEach(s.keyArrays[Data.randomBatch()], s.value);
  }

  // ---- putIfAbsent on a present key / SET NX ----

  @Benchmark
  public boolean putIfAbsent_provider(ProviderState.Values s) {
    return s.cache.putIfAbsent(Data.KEY_NAMES[Data.randomIndex()], s.value);
  }

  @Benchmark
  public String putIfAbsent_raw(RawState.Values s) {
    return s.redis.set(s.keys[Data.randomIndex()], s.value, NX);
  }

  // ---- remove, then put the key back / DEL, then SET it back ----

  @Benchmark
  public boolean remove_provider(ProviderState.Values s) {
    String key = Data.KEY_NAMES[Data.randomIndex()];
    boolean removed = s.cache.remove(key);
    s.cache.put(key, s.value);
    return removed;
  }

  @Benchmark
  public long remove_raw(RawState.Values s, Blackhole blackhole) {
    String key = s.keys[Data.randomIndex()];
    long removed = s.redis.del(key);
    blackhole.consume(s.redis.set(key, s.value));
    return removed;
  }
}
