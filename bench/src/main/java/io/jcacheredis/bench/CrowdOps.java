package io.jcacheredis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Control;
import redis.clients.jedis.UnifiedJedis;

/**
 * The crowd row: get and put (100-byte values) by {@code callers} (256) platform threads at once, more than the
 * pool's 16 connections, measured as calls per second of wall-clock time, the provider ({@code *_provider}) against
 * raw Jedis ({@code *_raw}).
 *
 * <p>Why not JMH threads: in a multi-threaded run JMH's throughput is the sum of each thread's own calls / own time.
 * With more threads than connections, raw Jedis's commons-pool lets some waiters miss every returned connection for
 * seconds, so a thread that finishes one call in an iteration reports the rate of that call, and the sum is no
 * throughput at all (a short run reported raw GET at 260,000 ± 630,000 ops/s, where Redis answers about 60,000
 * round trips a second on this machine). Here the callers are the state's own worker threads, started once per
 * trial (so they warm up with JMH's warmup iterations) and stopped at its end; each loops over one operation on
 * uniformly random keys of the 10,000 pre-loaded ones and counts its calls. The benchmark method runs in one JMH
 * thread: it sleeps {@value #PACE_MILLIS} ms and adds the calls all workers completed since its previous invocation
 * to the {@link Calls} counter, which JMH reports as {@code calls} per second of the iteration's wall-clock time
 * (calls made between iterations, or before and after JMH's clock runs, are not counted). The method's own
 * score (invocations per second) means nothing; {@link Report} takes the counter's. Allocation per call cannot be
 * read from JMH's gc profiler here (it divides by the invocations of the method), so the report shows none.
 *
 * <p>A call that fails is counted apart; any failure, on either side, fails the run at the trial's teardown with the
 * first exception. The provider side is the default manager's cache as {@link ProviderState} builds it (default
 * settings: pool of 16, its fair connection queue, 2 s max wait); the raw side is {@link Servers#rawClient()}, whose
 * pool waits without limit, so raw Jedis is measured at its best instead of failing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class CrowdOps {

  /** How long the benchmark method sleeps between two readings of the workers' count. */
  static final long PACE_MILLIS = 5;
  /** The name of the aux counter ({@link Calls#calls}), whose score Report takes as the benchmark's. */
  static final String COUNTER = "calls";
  /** The JMH parameter holding the number of workers, which Report shows as the row's threads. */
  static final String CALLERS = "callers";

  // ---- get / GET ----

  @Benchmark
  public void get_provider(ProviderGets crowd, Calls calls, Control control) throws InterruptedException {
    calls.calls += crowd.pace(control);
  }

  @Benchmark
  public void get_raw(RawGets crowd, Calls calls, Control control) throws InterruptedException {
    calls.calls += crowd.pace(control);
  }

  // ---- put / SET ----

  @Benchmark
  public void put_provider(ProviderPuts crowd, Calls calls, Control control) throws InterruptedException {
    calls.calls += crowd.pace(control);
  }

  @Benchmark
  public void put_raw(RawPuts crowd, Calls calls, Control control) throws InterruptedException {
    calls.calls += crowd.pace(control);
  }

  /**
   * The calls the workers completed in this iteration's measured time; JMH reports them per second of that time
   * (JMH sets the counter to 0 before each iteration).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Calls {
    public long calls;
  }

  /**
   * {@code callers} worker threads that loop over {@link #call(int)} from the trial's setup to its teardown, counting
   * completed calls and failures. (JMH wants the {@code @State} of its {@code @Param}s here too.)
   */
  @State(Scope.Benchmark)
  public abstract static class Crowd {
    /** How long the teardown waits for the workers' last calls. */
    private static final long STOP_MILLIS = 30_000;

    @Param({"256"})
    public int callers;

    @Param({"100"})
    public int valueSize;

    String value;
    private final LongAdder done = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    /** The workers' count at the last reading (only the one JMH thread reads it). */
    private long counted;

    /** Connects and pre-loads the 10,000 keys with {@link #value}. */
    abstract void open();

    /** One call on the key of this index. */
    abstract void call(int key);

    /** Deletes the keys and disconnects. */
    abstract void close();

    @Setup(Level.Trial)
    public void start() {
      value = Data.value(valueSize);
      open();
      running = true;
      for (int i = 0; i < callers; i++) {
        Thread worker = new Thread(this::work, "crowd-" + i);
        worker.setDaemon(true); // a fork whose teardown never ran must still exit
        workers.add(worker);
      }
      workers.forEach(Thread::start);
    }

    /** Calls made between iterations do not count. */
    @Setup(Level.Iteration)
    public void startIteration() {
      counted = done.sum();
    }

    /**
     * Sleeps {@value #PACE_MILLIS} ms, then returns the calls completed since the previous reading, or 0 outside
     * the iteration's measured time: JMH also invokes the method before it starts the clock (while it synchronizes
     * the iteration's start) and after it stops it, and those calls must not count against the measured time.
     */
    long pace(Control control) throws InterruptedException {
      Thread.sleep(PACE_MILLIS);
      long now = done.sum();
      long calls = now - counted;
      counted = now;
      return control.startMeasurement && !control.stopMeasurement ? calls : 0;
    }

    private void work() {
      while (running) {
        try {
          call(Data.randomIndex());
          done.increment();
        } catch (Throwable e) { // counted and reported at the teardown, whatever it is
          failures.increment();
          firstFailure.compareAndSet(null, e);
        }
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      running = false;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
      int stuck = 0;
      try {
        for (Thread worker : workers) {
          worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
          if (worker.isAlive()) {
            stuck++;
          }
        }
      } finally {
        if (stuck == 0) {
          close();
        }
      }
      long failed = failures.sum();
      if (failed > 0) {
        throw new IllegalStateException(failed + " of " + (failed + done.sum()) + " calls by " + callers
            + " callers failed; the first failure:", firstFailure.get());
      }
      if (stuck > 0) {
        throw new IllegalStateException(stuck + " of " + callers + " callers were still in a call " + STOP_MILLIS
            + " ms after being told to stop");
      }
    }
  }

  /** The provider's cache of 100-byte values, with the default manager's settings. */
  public abstract static class ProviderCrowd extends Crowd {
    static final String NAME = "bench-c";

    CacheManager manager;
    Cache<String, String> cache;

    @Override
    void open() {
      manager = ProviderState.manager();
      cache = ProviderState.create(manager, NAME, String.class);
      ProviderState.preload(cache, value);
    }

    @Override
    void close() {
      ProviderState.close(manager, NAME);
    }
  }

  /** Raw Jedis on the same server, its keys {@code rawkey:bench-c:<key>}. */
  public abstract static class RawCrowd extends Crowd {
    UnifiedJedis redis;
    String[] keys;

    @Override
    void open() {
      keys = Data.rawKeys(ProviderCrowd.NAME);
      redis = Servers.rawClient();
      RawState.preload(redis, keys, value);
    }

    @Override
    void close() {
      RawState.close(redis, keys);
    }
  }

  /** {@code cache.get(k)}. */
  @State(Scope.Benchmark)
  public static class ProviderGets extends ProviderCrowd {
    @Override
    void call(int key) {
      cache.get(Data.KEY_NAMES[key]);
    }
  }

  /** {@code cache.put(k, v)}. */
  @State(Scope.Benchmark)
  public static class ProviderPuts extends ProviderCrowd {
    @Override
    void call(int key) {
      cache.put(Data.KEY_NAMES[key], value);
    }
  }

  /** {@code GET}. */
  @State(Scope.Benchmark)
  public static class RawGets extends RawCrowd {
    @Override
    void call(int key) {
      redis.get(keys[key]);
    }
  }

  /** {@code SET}. */
  @State(Scope.Benchmark)
  public static class RawPuts extends RawCrowd {
    @Override
    void call(int key) {
      redis.set(keys[key], value);
    }
  }
}
