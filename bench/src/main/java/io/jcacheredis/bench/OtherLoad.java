package io.jcacheredis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * Measures how much CPU processes other than the benchmark used while each benchmark ran (Linux /proc): the busy
 * time of the whole machine (user, nice, system, and steal by the hypervisor) minus that of this JVM and its
 * children (the JMH fork, the embedded Redis). On a 2-core
 * machine a build running next to the benchmark skews the ratios; this says which rows it touched. Without /proc
 * every value is NaN.
 */
final class OtherLoad implements AutoCloseable {

  /** USER_HZ: the unit of /proc times; 100 on Linux/x86 and arm64. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final long PERIOD_MILLIS = 250;

  private final Map<String, double[]> perBenchmark = new HashMap<>(); // key -> {other ticks, seconds}
  private final Thread sampler;
  private volatile String current;
  private volatile boolean running = true;

  OtherLoad() {
    sampler = new Thread(this::sample, "other-load-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  static String key(BenchmarkParams params) {
    return params.getBenchmark() + "|" + params.getThreads() + "|" + Objects.toString(params.getParam("valueSize"), "")
        + (ForkJvm.isVirtual(params) ? "|virtual" : "");
  }

  /** Average cores used by other processes while the benchmark ran (setup, warmup and measurement), or NaN. */
  double coresDuring(BenchmarkParams params) {
    synchronized (perBenchmark) {
      double[] totals = perBenchmark.get(key(params));
      return totals == null || totals[1] <= 0 ? Double.NaN : totals[0] / TICKS_PER_SECOND / totals[1];
    }
  }

  private void sample() {
    Snapshot previous = Snapshot.take();
    long previousNanos = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      Snapshot now = Snapshot.take();
      long nanos = System.nanoTime();
      String key = current;
      if (key != null && now != null && previous != null) {
        long own = 0;
        for (Map.Entry<Long, Long> process : now.ownTicks.entrySet()) {
          own += process.getValue() - previous.ownTicks.getOrDefault(process.getKey(), 0L);
        }
        long other = Math.max(0, (now.busyTicks - previous.busyTicks) - own);
        synchronized (perBenchmark) {
          double[] totals = perBenchmark.computeIfAbsent(key, k -> new double[2]);
          totals[0] += other;
          totals[1] += (nanos - previousNanos) / 1e9;
        }
      }
      previous = now;
      previousNanos = nanos;
    }
  }

  /** Busy ticks of the machine, and CPU ticks of this JVM and each of its descendants by pid. */
  private record Snapshot(long busyTicks, Map<Long, Long> ownTicks) {

    /** The current one, or null without /proc. */
    static Snapshot take() {
      try {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        // user, nice, system and steal; not irq/softirq: the benchmark's own loopback traffic is counted there,
        // and not in any process's times
        for (int i : new int[] {1, 2, 3, 8}) {
          busy += Long.parseLong(cpu[i]);
        }
        Map<Long, Long> own = new HashMap<>();
        Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
            .forEach(process -> own.put(process.pid(), processTicks(process.pid())));
        return new Snapshot(busy, own);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between listing and reading
    }
  }

  /** Wraps JMH's console output to learn which benchmark runs. */
  OutputFormat watching(OutputFormat delegate) {
    return new OutputFormat() {
      @Override
      public void startBenchmark(BenchmarkParams params) {
        current = key(params);
        delegate.startBenchmark(params);
      }

      @Override
      public void endBenchmark(BenchmarkResult result) {
        current = null;
        delegate.endBenchmark(result);
      }

      @Override
      public void iteration(BenchmarkParams params, IterationParams iteration, int index) {
        delegate.iteration(params, iteration, index);
      }

      @Override
      public void iterationResult(BenchmarkParams params, IterationParams iteration, int index,
          IterationResult result) {
        delegate.iterationResult(params, iteration, index, result);
      }

      @Override
      public void startRun() {
        delegate.startRun();
      }

      @Override
      public void endRun(Collection<RunResult> results) {
        delegate.endRun(results);
      }

      @Override
      public void print(String s) {
        delegate.print(s);
      }

      @Override
      public void println(String s) {
        delegate.println(s);
      }

      @Override
      public void flush() {
        delegate.flush();
      }

      @Override
      public void close() {
        delegate.flush(); // stdout stays open for the next run and the table
      }

      @Override
      public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
      }

      @Override
      public void write(int b) {
        delegate.write(b);
      }

      @Override
      public void write(byte[] b) throws IOException {
        delegate.write(b);
      }
    };
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
