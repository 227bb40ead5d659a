package io.jcacheredis.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one call costs (no JMH): the CPU time of this JVM and of the embedded Redis, and the context switches of this
 * JVM's threads, per call of {@code get} or {@code put} (100-byte values, the bodies of {@link ValueOps}), for the
 * {@code multiplexed} contender and raw Jedis, at a few thread counts. Calls per second on a shared 2-core machine
 * swing with the other work on it; what a call costs in CPU moves much less, and says where a contender's time goes.
 *
 * <p>Each round runs every contender once, one after the other (so both see the same minutes of the machine): the
 * threads call for {@code cost.warmup-seconds}, then for {@code cost.seconds} while calls, CPU times and context
 * switches are counted. Prints each run, then the median of each contender over the rounds.
 *
 * <p>Usage: {@code bash bench/run.sh cost} (embedded Redis 6.2; {@code cost cluster}: an embedded cluster of {@value
 * EmbeddedRedis#MASTERS} masters, their CPU added up; or {@code -Djcache.redis.url=...}: then the server's CPU is not
 * measured). System properties: {@code cost.threads} (default {@code 8,64}), {@code cost.ops} ({@code
 * get,put}), {@code cost.contenders} ({@code multiplexed,raw}; also {@code provider}, the pooled provider),
 * {@code cost.rounds} (3), {@code cost.seconds} (8), {@code cost.warmup-seconds} (4). Context switches are read from
 * {@code /proc/self/task} (Linux only).
 */
public final class CallCost {

  private static final int VALUE_SIZE = 100;

  /** One contender's state and calls. */
  private interface Contender extends AutoCloseable {
    void call(String op);

    @Override
    void close();
  }

  /** What one measured run counted. */
  private record Run(String name, double callsPerSecond, double jvmMicros, double redisMicros, double switches) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-40s %,10.0f calls/s  JVM %5.1f us CPU/call  Redis %s  %s", name,
          callsPerSecond, jvmMicros, Double.isNaN(redisMicros) ? "  n/a" : String.format(Locale.ROOT,
              "%5.1f us CPU/call", redisMicros), Double.isNaN(switches) ? "context switches n/a"
              : String.format(Locale.ROOT, "%.2f context switches/call", switches));
    }
  }

  private CallCost() {
  }

  public static void main(String[] args) throws Exception {
    int[] threadCounts = Arrays.stream(System.getProperty("cost.threads", "8,64").split(","))
        .mapToInt(t -> Integer.parseInt(t.trim())).toArray();
    String[] ops = System.getProperty("cost.ops", "get,put").split(",");
    for (String op : ops) {
      if (!op.trim().equals("get") && !op.trim().equals("put")) {
        throw new IllegalArgumentException("Unknown operation '" + op + "' in cost.ops: use get, put or get,put");
      }
    }
    String[] contenders = System.getProperty("cost.contenders", "multiplexed,raw").split(",");
    int rounds = Integer.getInteger("cost.rounds", 3);
    EmbeddedRedis embedded = null;
    if (Servers.configuredUrl() == null) {
      embedded = Boolean.getBoolean("bench.cluster") ? EmbeddedRedis.cluster() : EmbeddedRedis.server();
      System.setProperty(Servers.URL_PROPERTY, embedded.url());
    }
    try {
      List<Run> runs = new ArrayList<>();
      for (String op : ops) {
        for (int threads : threadCounts) {
          for (int round = 0; round < rounds; round++) {
            for (String contender : contenders) {
              Run run = measure(contender.trim(), op.trim(), threads, embedded != null);
              System.out.println(run + String.format(Locale.ROOT, "  (load %.1f)", loadAverage()));
              runs.add(run);
            }
          }
        }
      }
      System.out.println("# medians over " + rounds + " rounds");
      runs.stream().map(Run::name).distinct().forEach(name -> System.out.println(median(name, runs)));
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static Run measure(String contenderName, String op, int threads, boolean measureServer)
      throws InterruptedException {
    try (Contender contender = open(contenderName)) {
      LongAdder calls = new LongAdder();
      Thread[] workers = new Thread[threads];
      AtomicBoolean stop = new AtomicBoolean();
      AtomicBoolean counting = new AtomicBoolean();
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          while (!stop.get()) {
            contender.call(op);
            if (counting.get()) {
              calls.increment();
            }
          }
        }, "call-cost-" + t);
        workers[t].start();
      }
      TimeUnit.SECONDS.sleep(Integer.getInteger("cost.warmup-seconds", 4));
      long jvmBefore = jvmCpuNanos();
      long redisBefore = measureServer ? redisCpuNanos() : -1;
      long switchesBefore = contextSwitches();
      long start = System.nanoTime();
      counting.set(true);
      TimeUnit.SECONDS.sleep(Integer.getInteger("cost.seconds", 8));
      counting.set(false);
      long elapsed = System.nanoTime() - start;
      long n = Math.max(1, calls.sum());
      long jvm = jvmCpuNanos() - jvmBefore;
      long redis = measureServer ? redisCpuNanos() - redisBefore : -1;
      long switches = contextSwitches();
      stop.set(true);
      for (Thread worker : workers) {
        worker.join();
      }
      return new Run(contenderName + " " + op + ", " + threads + " threads", n * 1e9 / elapsed, jvm / 1e3 / n,
          redis < 0 ? Double.NaN : redis / 1e3 / n,
          switches < 0 || switchesBefore < 0 ? Double.NaN : (double) (switches - switchesBefore) / n);
    }
  }

  private static Contender open(String name) {
    ValueOps ops = new ValueOps();
    switch (name) {
      case "multiplexed": {
        ProviderState.Multiplexed state = new ProviderState.Multiplexed();
        state.valueSize = VALUE_SIZE;
        state.setUp();
        return contender(() -> ops.get_multiplexed(state), () -> ops.put_multiplexed(state), () -> {
          state.tearDown();
          state.reportConnections();
        });
      }
      case "provider": {
        ProviderState.Values state = new ProviderState.Values();
        state.valueSize = VALUE_SIZE;
        state.setUp();
        return contender(() -> ops.get_provider(state), () -> ops.put_provider(state), state::tearDown);
      }
      case "raw": {
        RawState.Values state = new RawState.Values();
        state.valueSize = VALUE_SIZE;
        state.setUp();
        return contender(() -> ops.get_raw(state), () -> ops.put_raw(state), state::tearDown);
      }
      default:
        throw new IllegalArgumentException("Unknown contender '" + name
            + "' in cost.contenders: use multiplexed, provider or raw");
    }
  }

  private static Contender contender(Runnable get, Runnable put, Runnable close) {
    return new Contender() {
      @Override
      public void call(String op) {
        if (op.equals("get")) {
          get.run();
        } else {
          put.run();
        }
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The CPU time of the embedded Redis: this JVM's redis-server child processes. */
  private static long redisCpuNanos() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum();
  }

  /** Voluntary and involuntary context switches of this JVM's threads so far; -1 where /proc has none. */
  private static long contextSwitches() {
    Path tasks = Paths.get("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long sum = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        sum += switchesOf(thread.resolve("status"));
      }
    } catch (IOException e) {
      return -1;
    }
    return sum;
  }

  private static long switchesOf(Path status) {
    try {
      return Files.readAllLines(status).stream()
          .filter(line -> line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches"))
          .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
          .sum();
    } catch (IOException e) { // the thread ended meanwhile
      return 0;
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Run median(String name, List<Run> runs) {
    List<Run> of = runs.stream().filter(r -> r.name().equals(name)).toList();
    return new Run(name + " (median)", median(of, Run::callsPerSecond), median(of, Run::jvmMicros),
        median(of, Run::redisMicros), median(of, Run::switches));
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    double[] values = runs.stream().mapToDouble(value).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
