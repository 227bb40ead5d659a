package io.jcacheredis.load;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Many callers doing random get, put, invoke, getAll and putAll on keys of their own, each checking every reply against what
 * it last wrote: a reply meant for another caller (another key's value) is counted as wrong, never passed over. After
 * a failed write the key's value is unknown until the caller writes it again; a value of another caller's key is
 * wrong even then. Run in the test JVM ({@link #start}) or, for virtual threads on a newer JDK, as a program ({@link
 * #main}) that prints one {@link Result} line.
 */
public final class CheckedLoadRun {

  private static final int KEYS_PER_CALLER = 4;
  /** The value of a key whose last write failed: it may or may not have been written. */
  private static final Object UNKNOWN = new Object();

  private final LongAdder calls = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder wrong = new LongAdder();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final AtomicReference<String> firstWrong = new AtomicReference<>();
  private final LongAccumulator longestFailed = new LongAccumulator(Math::max, 0);
  private final LongAccumulator longest = new LongAccumulator(Math::max, 0);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final long begin = System.nanoTime();

  private CheckedLoadRun() {
  }

  /** What a run did: calls, failed calls, wrong replies (the first of each), the longest failed and any call. */
  public record Result(long calls, long failures, long wrongReplies, long longestFailedMillis, long longestMillis,
      long elapsedMillis, String firstFailure, String firstWrong) {

    /** One line, read back by {@link #parse}. */
    public String line() {
      return "CHECKED calls=" + calls + " failures=" + failures + " wrong=" + wrongReplies + " longestFailedMillis="
          + longestFailedMillis + " longestMillis=" + longestMillis + " elapsedMillis=" + elapsedMillis
          + " firstFailure=" + oneLine(firstFailure) + " firstWrong=" + oneLine(firstWrong);
    }

    private static String oneLine(String text) {
      return text == null ? "-" : text.replace('\n', ' ').replace(" firstWrong=", " first-wrong=");
    }

    /** The result printed by {@link #line}, or null if {@code line} is not one. */
    public static Result parse(String line) {
      if (!line.startsWith("CHECKED ")) {
        return null;
      }
      int wrongAt = line.indexOf(" firstWrong=");
      String[] parts = line.substring(0, wrongAt).split(" ", 8);
      String first = parts[7].substring("firstFailure=".length());
      String firstWrong = line.substring(wrongAt + " firstWrong=".length());
      return new Result(value(parts[1]), value(parts[2]), value(parts[3]), value(parts[4]), value(parts[5]),
          value(parts[6]), first.equals("-") ? null : first, firstWrong.equals("-") ? null : firstWrong);
    }

    private static long value(String part) {
      return Long.parseLong(part.substring(part.indexOf('=') + 1));
    }

    /** Calls per second. */
    public long throughput() {
      return elapsedMillis == 0 ? 0 : calls * 1000 / elapsedMillis;
    }
  }

  /** Starts {@code callers} threads made by {@code threads}, each on keys of its own (starting with {@code run}). */
  public static CheckedLoadRun start(Cache<String, String> cache, ThreadFactory threads, int callers, String run) {
    CheckedLoadRun load = new CheckedLoadRun();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      load.threads.add(threads.newThread(() -> load.call(cache, run + "-c" + caller + "-", caller)));
    }
    load.threads.forEach(Thread::start);
    return load;
  }

  /** Calls that ended so far, failed or not. */
  public long calls() {
    return calls.sum();
  }

  /** Calls that threw so far. */
  public long failures() {
    return failures.sum();
  }

  /** Calls that returned without throwing so far. */
  public long successes() {
    return calls.sum() - failures.sum();
  }

  /** Stops the callers and waits for them. */
  public Result stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    return new Result(calls.sum(), failures.sum(), wrong.sum(), longestFailed.get(), longest.get(),
        (System.nanoTime() - begin) / 1_000_000, firstFailure.get(), firstWrong.get());
  }

  private void call(Cache<String, String> cache, String prefix, int caller) {
    SplittableRandom random = new SplittableRandom(caller);
    Object[] expected = new Object[KEYS_PER_CALLER];
    Set<String> allKeys = new LinkedHashSet<>();
    for (int k = 0; k < KEYS_PER_CALLER; k++) {
      allKeys.add(prefix + k);
    }
    for (int i = 0; running.get(); i++) {
      int k = random.nextInt(KEYS_PER_CALLER);
      String key = prefix + k;
      String value = key + ":" + i;
      int op = random.nextInt(11);
      long start = System.nanoTime();
      try {
        if (op < 4) {
          check(key, expected[k], cache.get(key));
        } else if (op < 7) {
          expected[k] = UNKNOWN;
          cache.put(key, value);
          expected[k] = value;
        } else if (op < 9) {
          Object before = expected[k];
          expected[k] = UNKNOWN;
          check(key, before, cache.invoke(key, new Swap(), value));
          expected[k] = value;
        } else if (op < 10) {
          Map<String, String> all = cache.getAll(allKeys);
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            check(prefix + j, expected[j], all.get(prefix + j));
          }
        } else {
          Map<String, String> entries = new HashMap<>();
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            entries.put(prefix + j, prefix + j + ":" + i);
            expected[j] = UNKNOWN;
          }
          cache.putAll(entries); // a pipeline of one SET per key
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            expected[j] = entries.get(prefix + j);
          }
        }
      } catch (RuntimeException e) {
        failures.increment();
        firstFailure.compareAndSet(null, e.toString());
        longestFailed.accumulate((System.nanoTime() - start) / 1_000_000);
      }
      longest.accumulate((System.nanoTime() - start) / 1_000_000);
      calls.increment();
    }
  }

  private void check(String key, Object expected, String actual) {
    boolean ofThisKey = actual == null || actual.startsWith(key + ":");
    if (!ofThisKey || (expected != UNKNOWN && !Objects.equals(expected, actual))) {
      wrong.increment();
      firstWrong.compareAndSet(null, key + " should be " + (expected == UNKNOWN ? "its own" : expected) + " but was "
          + actual);
    }
  }

  /** Sets the value given as argument and returns the one before. */
  private static final class Swap implements EntryProcessor<String, String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String process(MutableEntry<String, String> entry, Object... arguments) {
      String before = entry.getValue();
      entry.setValue((String) arguments[0]);
      return before;
    }
  }

  /**
   * Runs a checked load on the server of a URL and prints its {@link Result}: arguments are the Redis URL (its query
   * may choose the connection mode), {@code virtual} or {@code platform}, the number of callers and the seconds.
   */
  public static void main(String[] args) throws Exception {
    ThreadFactory threads = LoadRun.threads(args[1]);
    int callers = Integer.parseInt(args[2]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[3]));
    System.out.println(LoadRun.onNewCache(URI.create(args[0]), "checked", cache -> {
      CheckedLoadRun load = start(cache, threads, callers, "checked-" + ProcessHandle.current().pid());
      Thread.sleep(duration.toMillis());
      return load.stop().line();
    }));
  }
}
