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
 * it last wrote: a reply meant for another caller (another key's value, or another value of its own key) is counted as
 * wrong, never passed over. A key whose write failed is retired and replaced by a fresh one: the failed write may
 * still reach Redis later (a connection's bytes held up and delivered after the caller has moved on, as a frozen
 * proxy or a healed network does), which says nothing about replies. Run in the test JVM ({@link #start}) or, for virtual threads on a newer JDK, as a program ({@link
 * #main}) that prints one {@link Result} line.
 */
public final class CheckedLoadRun {

  private static final int KEYS_PER_CALLER = 4;
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
    String[] keys = new String[KEYS_PER_CALLER];
    Object[] expected = new Object[KEYS_PER_CALLER];
    for (int k = 0; k < KEYS_PER_CALLER; k++) {
      keys[k] = prefix + k;
    }
    for (int i = 0; running.get(); i++) {
      int k = random.nextInt(KEYS_PER_CALLER);
      String key = keys[k];
      String value = key + ":" + i;
      int op = random.nextInt(11);
      long start = System.nanoTime();
      boolean[] writing = new boolean[KEYS_PER_CALLER];
      try {
        if (op < 4) {
          check(key, expected[k], cache.get(key));
        } else if (op < 7) {
          writing[k] = true;
          cache.put(key, value);
          expected[k] = value;
        } else if (op < 9) {
          writing[k] = true;
          check(key, expected[k], cache.invoke(key, new Swap(), value));
          expected[k] = value;
        } else if (op < 10) {
          Map<String, String> all = cache.getAll(new LinkedHashSet<>(List.of(keys)));
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            check(keys[j], expected[j], all.get(keys[j]));
          }
        } else {
          Map<String, String> entries = new HashMap<>();
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            entries.put(keys[j], keys[j] + ":" + i);
            writing[j] = true;
          }
          cache.putAll(entries); // a pipeline of one SET per key
          for (int j = 0; j < KEYS_PER_CALLER; j++) {
            expected[j] = entries.get(keys[j]);
          }
        }
      } catch (RuntimeException e) {
        failures.increment();
        firstFailure.compareAndSet(null, e.toString());
        longestFailed.accumulate((System.nanoTime() - start) / 1_000_000);
        for (int j = 0; j < KEYS_PER_CALLER; j++) {
          if (writing[j]) {
            // The failed write may still be applied later (its bytes held in a frozen proxy or a socket, delivered
            // after a later write of the key): the key is retired, and a fresh, absent one takes its place.
            keys[j] = prefix + j + "." + i;
            expected[j] = null;
          }
        }
      }
      longest.accumulate((System.nanoTime() - start) / 1_000_000);
      calls.increment();
    }
  }

  private void check(String key, Object expected, String actual) {
    if (!Objects.equals(expected, actual)) {
      wrong.increment();
      firstWrong.compareAndSet(null, key + " should be " + expected + " but was " + actual);
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
