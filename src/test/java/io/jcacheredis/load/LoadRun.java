package io.jcacheredis.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.LongAccumulator;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * Many callers doing get and put in a loop on one cache for a while, as a servlet container's request threads do:
 * counts calls and failures and keeps the longest call. Run in the test JVM ({@link #run}) or, for virtual threads on a
 * newer JDK, as a program ({@link #main}) that prints one {@link Result} line.
 */
public final class LoadRun {

  private static final int KEYS = 1000;

  private LoadRun() {
  }

  /** What a run did: calls made, calls that threw (and the first exception), the longest call. */
  public record Result(long calls, long failures, String firstFailure, long longestMillis, long elapsedMillis) {

    /** One line, read back by {@link #parse}. */
    public String line() {
      return "LOAD calls=" + calls + " failures=" + failures + " longestMillis=" + longestMillis + " elapsedMillis="
          + elapsedMillis + " firstFailure=" + (firstFailure == null ? "-" : firstFailure.replace('\n', ' '));
    }

    /** The result printed by {@link #line}, or null if {@code line} is not one. */
    public static Result parse(String line) {
      if (!line.startsWith("LOAD ")) {
        return null;
      }
      String[] parts = line.split(" ", 6);
      String first = parts[5].substring("firstFailure=".length());
      return new Result(value(parts[1]), value(parts[2]), first.equals("-") ? null : first, value(parts[3]),
          value(parts[4]));
    }

    private static long value(String part) {
      return Long.parseLong(part.substring(part.indexOf('=') + 1));
    }

    /** Calls per second. */
    public long throughput() {
      return elapsedMillis == 0 ? 0 : calls * 1000 / elapsedMillis;
    }
  }

  /** {@code callers} threads made by {@code threads} doing get and put (alternately, on 1,000 keys) for a while. */
  public static Result run(Cache<String, String> cache, ThreadFactory threads, int callers, Duration duration)
      throws InterruptedException {
    LongAdder calls = new LongAdder();
    LongAdder failures = new LongAdder();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    LongAccumulator longest = new LongAccumulator(Math::max, 0);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> started = new ArrayList<>(callers);
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread thread = threads.newThread(() -> {
        long worst = 0;
        for (int i = 0; running.get(); i++) {
          String key = "k" + ((caller * 7919 + i) % KEYS);
          long start = System.nanoTime();
          try {
            if ((i & 1) == 0) {
              cache.get(key);
            } else {
              cache.put(key, "v" + i);
            }
          } catch (RuntimeException e) {
            failures.increment();
            firstFailure.compareAndSet(null, e.toString());
          }
          worst = Math.max(worst, System.nanoTime() - start);
          calls.increment();
        }
        longest.accumulate(worst / 1_000_000);
      });
      started.add(thread);
    }
    long begin = System.nanoTime();
    started.forEach(Thread::start);
    Thread.sleep(duration.toMillis());
    running.set(false);
    for (Thread thread : started) {
      thread.join();
    }
    long elapsed = (System.nanoTime() - begin) / 1_000_000;
    return new Result(calls.sum(), failures.sum(), firstFailure.get(), longest.get(), elapsed);
  }

  /**
   * Runs a load on the server of a URL and prints its {@link Result}: arguments are the Redis URL, {@code virtual} or
   * {@code platform}, the number of callers and the seconds. Virtual threads need Java 21 or later.
   */
  public static void main(String[] args) throws Exception {
    ThreadFactory threads = threads(args[1]);
    int callers = Integer.parseInt(args[2]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[3]));
    String line = onNewCache(URI.create(args[0]), "load", cache -> run(cache, threads, callers, duration).line());
    System.out.println(line);
  }

  /** What a program does with a cache. */
  interface CacheTask {
    String run(Cache<String, String> cache) throws InterruptedException;
  }

  /**
   * Runs a task on a new {@code Cache<String, String>} of a manager of the server of {@code url}, named {@code base}
   * and the process id, and destroys the cache and closes the manager after it.
   */
  static String onNewCache(URI url, String base, CacheTask task) throws InterruptedException {
    CacheManager manager = Caching.getCachingProvider().getCacheManager(url, LoadRun.class.getClassLoader());
    try {
      String name = base + "-" + ProcessHandle.current().pid();
      Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      try {
        return task.run(cache);
      } finally {
        manager.destroyCache(name);
      }
    } finally {
      manager.close();
    }
  }

  /** Platform threads ({@code platform}) or virtual threads ({@code virtual}, Java 21 or later). */
  static ThreadFactory threads(String kind) throws ReflectiveOperationException {
    return switch (kind) {
      case "platform" -> Thread::new;
      case "virtual" -> virtualThreads();
      default -> throw new IllegalArgumentException("platform or virtual, not " + kind);
    };
  }

  /** {@code Thread.ofVirtual().factory()}, called reflectively so this class compiles on Java 17. */
  private static ThreadFactory virtualThreads() throws ReflectiveOperationException {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
  }
}
