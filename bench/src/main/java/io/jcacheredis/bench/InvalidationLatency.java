package io.jcacheredis.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Measures near-cache invalidation latency (no JMH): how long after a write is acknowledged to its writer the reader's
 * near cache stops returning the old value. The reader is a near-cached manager ({@link NearState#nearCachedManager})
 * whose one thread reads one key in a tight loop ({@code cache.get}, a local hit while the copy is held) and notes
 * when each version was first returned (the start of that read: the local copy was gone by then). The writer writes
 * versions 1, 2, 3... of the key, each once the reader has held the previous one locally for a moment, and notes when
 * its {@code put} returned. The delay of a version is first-seen minus acknowledged ({@link System#nanoTime()}, the
 * same monotonic clock in every process of a Linux machine), a negative one (the reader saw it before the writer's
 * reply reached the writer) counted as 0.
 *
 * <p>Two writers, one after the other: a manager of its own (own pool) in this JVM, and a child JVM (the same jar,
 * {@code child} as argument) driven over its standard input and output. Each prints p50, p90, p99, p99.9 and max in
 * microseconds, with the machine's load average before and after.
 *
 * <p>Usage: {@code bash bench/run.sh latency} (embedded Redis 6.2, or {@code -Djcache.redis.url=...}). System
 * properties: {@code latency.writes} (per writer, default 5000), {@code latency.writers} ({@code same,child}).
 */
public final class InvalidationLatency {

  static final String CACHE = "bench-latency";
  static final String KEY = "k";
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** How long the reader holds a version locally before the next write (so that the write invalidates a copy). */
  private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** How long the writer's thread sleeps between looks at the reader (not part of what is measured). */
  private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  /** The reader's pause between reads ({@code latency.poll-micros}, default 20; 0: a busy loop). */
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("latency.poll-micros", 20));

  /** Writes a version and returns when its write was acknowledged ({@link System#nanoTime()}). */
  interface Writer extends AutoCloseable {
    long write(int version) throws IOException;

    @Override
    void close() throws IOException;
  }

  private InvalidationLatency() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      ChildWriter.serve();
      return;
    }
    int writes = Integer.getInteger("latency.writes", 5000);
    String[] writers = System.getProperty("latency.writers", "same,child").split(",");
    EmbeddedRedis embedded = null;
    if (Servers.configuredUrl() == null) {
      embedded = EmbeddedRedis.server();
      System.setProperty(Servers.URL_PROPERTY, embedded.url());
    }
    try {
      for (String writer : writers) {
        measure(writer.trim(), writes);
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void measure(String kind, int writes) throws Exception {
    CacheManager readerManager = NearState.nearCachedManager();
    CacheManager writerManager = null;
    try {
      Cache<String, String> readerCache = ProviderState.create(readerManager, CACHE, String.class);
      readerCache.put(KEY, "0");
      NearState.awaitLive(readerManager, readerCache);
      Writer writer;
      if (kind.equals("same")) {
        writerManager = ProviderState.manager();
        writer = new SameJvmWriter(writerManager.getCache(CACHE, String.class, String.class));
      } else if (kind.equals("child")) {
        writer = ChildWriter.start();
      } else {
        throw new IllegalArgumentException("latency.writers: same or child, not " + kind);
      }
      String loadBefore = loadAverage();
      long[] delays;
      try (Writer w = writer) {
        delays = run(readerCache, w, writes);
      }
      print(kind, delays, loadBefore, loadAverage());
    } finally {
      if (writerManager != null) {
        writerManager.close();
      }
      ProviderState.close(readerManager, CACHE);
    }
  }

  /** The delays in nanoseconds, sorted. */
  private static long[] run(Cache<String, String> cache, Writer writer, int writes) throws Exception {
    long[] firstSeen = new long[writes + 1];
    Reader reader = new Reader(cache, firstSeen);
    Thread thread = new Thread(reader, "latency-reader");
    thread.setDaemon(true);
    thread.start();
    long[] delays = new long[writes];
    try {
      for (int v = 1; v <= writes; v++) {
        await(reader, v - 1);
        LockSupport.parkNanos(HOLD_NANOS); // the reader hits its local copy of v - 1 meanwhile
        long acknowledged = writer.write(v);
        await(reader, v);
        delays[v - 1] = Math.max(0, firstSeen[v] - acknowledged);
      }
    } finally {
      reader.stop = true;
      thread.join();
    }
    if (reader.failure != null) {
      throw new IllegalStateException("the reader failed", reader.failure);
    }
    Arrays.sort(delays);
    return delays;
  }

  private static void await(Reader reader, int version) {
    long start = System.nanoTime();
    while (reader.seen < version) {
      if (reader.failure != null || System.nanoTime() - start > GIVE_UP_NANOS) {
        throw new IllegalStateException("version " + version + " not seen within 10 s (seen " + reader.seen + ")",
            reader.failure);
      }
      LockSupport.parkNanos(WAIT_NANOS);
    }
  }

  /** Reads the key in a tight loop, noting when each version was first returned. */
  private static final class Reader implements Runnable {
    private final Cache<String, String> cache;
    private final long[] firstSeen;
    volatile int seen;
    volatile boolean stop;
    volatile RuntimeException failure;

    Reader(Cache<String, String> cache, long[] firstSeen) {
      this.cache = cache;
      this.firstSeen = firstSeen;
    }

    @Override
    public void run() {
      try {
        while (!stop) {
          long started = System.nanoTime();
          int version = Integer.parseInt(cache.get(KEY));
          for (int v = seen + 1; v <= version && v < firstSeen.length; v++) {
            firstSeen[v] = started;
          }
          if (version > seen) {
            seen = version; // publishes firstSeen (volatile write after the plain ones)
          }
          if (POLL_NANOS > 0) {
            LockSupport.parkNanos(POLL_NANOS);
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }

  private static final class SameJvmWriter implements Writer {
    private final Cache<String, String> cache;

    SameJvmWriter(Cache<String, String> cache) {
      this.cache = cache;
    }

    @Override
    public long write(int version) {
      cache.put(KEY, Integer.toString(version));
      return System.nanoTime();
    }

    @Override
    public void close() {
    }
  }

  /** A writer in a child JVM: this JVM sends {@code <version>} lines, it answers {@code ack <nanoTime>}. */
  private static final class ChildWriter implements Writer {
    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;

    private ChildWriter(Process process) {
      this.process = process;
      this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildWriter start() throws IOException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(java.toString(), "-D" + Servers.URL_PROPERTY + "=" + Servers.url(), "-cp",
          System.getProperty("java.class.path"), InvalidationLatency.class.getName(), "child")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new ChildWriter(process);
    }

    @Override
    public long write(int version) throws IOException {
      commands.println(version);
      String answer = answers.readLine();
      if (answer == null || !answer.startsWith("ack ")) {
        throw new IOException("the writer JVM answered " + answer + " to version " + version);
      }
      return Long.parseLong(answer.substring(4));
    }

    @Override
    public void close() throws IOException {
      commands.close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
          throw new IOException("the writer JVM did not end within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
        throw new IOException("interrupted while waiting for the writer JVM to end", e);
      }
    }

    /** The child's side: writes each version read from standard input, answers with the acknowledgement time. */
    static void serve() throws IOException {
      CacheManager manager = Servers.provider().getCacheManager();
      try (BufferedReader versions = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
        for (String line = versions.readLine(); line != null; line = versions.readLine()) {
          cache.put(KEY, line.trim());
          long acknowledged = System.nanoTime();
          System.out.println("ack " + acknowledged);
          System.out.flush();
        }
      } finally {
        manager.close();
      }
    }
  }

  private static void print(String kind, long[] delays, String loadBefore, String loadAfter) {
    System.out.printf(Locale.ROOT, "# invalidation latency, writer %s: %d writes, delay from the write's"
        + " acknowledgement to the reader's first read of the new value (us): p50 %d, p90 %d, p99 %d, p99.9 %d,"
        + " max %d; load average before %s, after %s%n", kind.equals("same") ? "in this JVM (own manager and pool)"
        : "in a child JVM", delays.length, micros(delays, 0.50), micros(delays, 0.90), micros(delays, 0.99),
        micros(delays, 0.999), micros(delays, 1.0), loadBefore, loadAfter);
  }

  private static long micros(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, index)]);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (" + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
