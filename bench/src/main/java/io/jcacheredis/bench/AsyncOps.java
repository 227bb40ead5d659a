package io.jcacheredis.bench;

import io.jcacheredis.AsyncRedisCache;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The async extension with several calls in flight per thread, on 100-byte values: each invocation issues a window of
 * {@code window} calls of {@code cache.unwrap(AsyncRedisCache.class)} on uniformly random keys, one after the other,
 * then joins their stages in order. One invocation is {@code window} operations: {@link BenchMain} runs this class
 * with JMH's operations per invocation set to the window, which {@link Window} checks, so scores and allocation are
 * per call. Contenders: the multiplexed connection mode ({@code *_multiplexed}: the stages are completed by the
 * connections' reply readers), the default pooled mode ({@code *_provider}: each call needs a thread for its
 * blocking round trip, and the calls of a window run on the manager's worker threads, handed over as the caller makes
 * the next call or waits), and raw Jedis sending the same window as one pipeline of GETs or SETs ({@code
 * *_rawPipelined}): the way one thread of a pooled Jedis client has as many calls in flight.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AsyncOps {

  /** The name of the window parameter. */
  static final String WINDOW = "window";
  /** Calls in flight per thread unless {@code -Dbench.async-window} says otherwise. */
  static final int DEFAULT_WINDOW = 16;

  /** One JMH thread's window: its stages in flight, and the raw side's keys of one pipeline. */
  @State(Scope.Thread)
  public static class Window {
    /** Calls in flight per thread; JMH's operations per invocation must be the same number. */
    @Param({"16"})
    public int window;

    CompletionStage<?>[] stages;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
      if (window < 1) {
        throw new IllegalArgumentException("window must be at least 1, not " + window);
      }
      if (params.getOpsPerInvocation() != window) {
        throw new IllegalStateException("An invocation of " + params.getBenchmark() + " makes " + window
            + " calls, but JMH counts " + params.getOpsPerInvocation() + " operations per invocation: run it with"
            + " -opi " + window + " (BenchMain sets both from -Dbench.async-window)");
      }
      stages = new CompletionStage<?>[window];
      keys = new String[window];
    }

    /** Joins every stage of the window, in the order the calls were made. */
    void joinAll(Blackhole blackhole) {
      for (CompletionStage<?> stage : stages) {
        blackhole.consume(stage.toCompletableFuture().join());
      }
    }

    /** A window of uniformly random keys out of {@code from}. */
    String[] randomKeys(String[] from) {
      for (int i = 0; i < keys.length; i++) {
        keys[i] = from[Data.randomIndex()];
      }
      return keys;
    }
  }

  // ---- a window of async gets / one pipeline of GETs ----

  @Benchmark
  public void asyncGet_multiplexed(ProviderState.Multiplexed s, Window w, Blackhole blackhole) {
    gets(s.async, w, blackhole);
  }

  @Benchmark
  public void asyncGet_provider(ProviderState.Values s, Window w, Blackhole blackhole) {
    gets(s.async, w, blackhole);
  }

  @Benchmark
  public List<String> asyncGet_rawPipelined(RawState.Values s, Window w) {
    return s.pipelines.getEach(w.randomKeys(s.keys));
  }

  // ---- a window of async puts / one pipeline of SETs ----

  @Benchmark
  public void asyncPut_multiplexed(ProviderState.Multiplexed s, Window w, Blackhole blackhole) {
    puts(s.async, s.value, w, blackhole);
  }

  @Benchmark
  public void asyncPut_provider(ProviderState.Values s, Window w, Blackhole blackhole) {
    puts(s.async, s.value, w, blackhole);
  }

  @Benchmark
  public void asyncPut_rawPipelined(RawState.Values s, Window w) {
    s.pipelines.setEach(w.randomKeys(s.keys), s.value);
  }

  private static void gets(AsyncRedisCache<String, String> cache, Window w, Blackhole blackhole) {
    CompletionStage<?>[] stages = w.stages;
    for (int i = 0; i < stages.length; i++) {
      stages[i] = cache.get(Data.KEY_NAMES[Data.randomIndex()]);
    }
    w.joinAll(blackhole);
  }

  private static void puts(AsyncRedisCache<String, String> cache, String value, Window w, Blackhole blackhole) {
    CompletionStage<?>[] stages = w.stages;
    for (int i = 0; i < stages.length; i++) {
      stages[i] = cache.put(Data.KEY_NAMES[Data.randomIndex()], value);
    }
    w.joinAll(blackhole);
  }
}
