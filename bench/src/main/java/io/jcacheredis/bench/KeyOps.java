package io.jcacheredis.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.processor.EntryProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Operations that move no value (or a Long): containsKey / EXISTS and the extension's ttl / PTTL on a cache of
 * 100-byte values; invoke / INCR and the extension's incr / INCRBY on a cache of Longs (stored as decimal text).
 * The extension's calls return a CompletionStage, which the benchmark joins.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyOps {

  /** Reads the Long in the JVM, adds one, and lets the provider commit it with its compare-and-set script. */
  static final EntryProcessor<String, Long, Long> INCREMENT = (entry, arguments) -> {
    long next = entry.getValue() + 1;
    entry.setValue(next);
    return next;
  };

  // ---- containsKey / EXISTS ----

  @Benchmark
  public boolean contains_provider(ProviderState.Keys s) {
    return s.cache.containsKey(Data.KEY_NAMES[Data.randomIndex()]);
  }

  @Benchmark
  public boolean contains_raw(RawState.Keys s) {
    return s.redis.exists(s.keys[Data.randomIndex()]);
  }

  // ---- extension incr / INCRBY ----

  @Benchmark
  public Long incr_provider(ProviderState.Longs s) {
    return s.redis.incr(Data.KEY_NAMES[Data.randomIndex()], 1).toCompletableFuture().join();
  }

  @Benchmark
  public long incr_raw(RawState.Longs s) {
    return s.redis.incrBy(s.keys[Data.randomIndex()], 1);
  }

  // ---- invoke(increment) / INCR ----

  @Benchmark
  public Long invoke_provider(ProviderState.Longs s) {
    return s.cache.invoke(Data.KEY_NAMES[Data.randomIndex()], INCREMENT);
  }

  @Benchmark
  public long invoke_raw(RawState.Longs s) {
    return s.redis.incr(s.keys[Data.randomIndex()]);
  }

  // ---- invoke(increment) on a near-cached cache / INCR ----

  @Benchmark
  public Long nearInvoke_provider(NearState.Longs s) {
    return s.cache.invoke(Data.KEY_NAMES[Data.randomIndex()], INCREMENT);
  }

  @Benchmark
  public Long nearInvoke_multiplexed(NearState.MultiplexedLongs s) {
    return s.cache.invoke(Data.KEY_NAMES[Data.randomIndex()], INCREMENT);
  }

  @Benchmark
  public long nearInvoke_raw(RawState.Longs s) {
    return s.redis.incr(s.keys[Data.randomIndex()]);
  }

  // ---- extension ttl / PTTL ----

  @Benchmark
  public Duration ttl_provider(ProviderState.Keys s) {
    return s.redis.ttl(Data.KEY_NAMES[Data.randomIndex()]).toCompletableFuture().join();
  }

  @Benchmark
  public long ttl_raw(RawState.Keys s) {
    return s.redis.pttl(s.keys[Data.randomIndex()]);
  }
}
