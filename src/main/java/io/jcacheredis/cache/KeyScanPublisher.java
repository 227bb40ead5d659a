package io.jcacheredis.cache;

import io.jcacheredis.store.AsyncKeyScanner;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the keys of a cache matching a pattern, running one SCAN step only when the subscriber has asked for more
 * keys than are buffered (on a cluster the steps walk every master in turn). The subscriber is called on the worker
 * threads; a step runs there too when the walk is a blocking one, and is sent without waiting in the multiplexed mode
 * (the worker is let go until its reply is in).
 * Cancelling stops it; nothing is left open in Redis (a SCAN cursor holds no server state). A Redis failure is the
 * subscriber's onError, or, in a cache that ignores failures, ends the scan: onComplete after the keys found so far.
 */
final class KeyScanPublisher<K> implements Flow.Publisher<K> {

  private static final int BATCH = 100;

  /** How a subscription's walk starts: the store's scanner for the pattern, {@code count} keys per step. */
  interface Walks {
    AsyncKeyScanner start(byte[] pattern, int count);
  }

  private final CacheContext<K, ?> context;
  private final Walks walks;
  private final byte[] pattern;
  private final Executor executor;
  /** Null when Redis failures reach the subscriber. */
  private final IgnoredFailures ignored;

  KeyScanPublisher(CacheContext<K, ?> context, Walks walks, byte[] pattern, Executor executor,
      IgnoredFailures ignored) {
    this.context = context;
    this.walks = walks;
    this.pattern = pattern;
    this.executor = executor;
    this.ignored = ignored;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super K> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Scan scan = new Scan(subscriber);
    subscriber.onSubscribe(scan);
  }

  /** One subscription: one SCAN walk from start to end, drained by at most one worker at a time. */
  private final class Scan implements Flow.Subscription {
    private final Flow.Subscriber<? super K> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
    private AsyncKeyScanner scanner;
    /** The step in flight, if any; its completion drains again. */
    private CompletableFuture<List<byte[]>> step;
    private boolean scanned;
    private volatile boolean cancelled;
    private volatile Throwable badRequest;

    Scan(Flow.Subscriber<? super K> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams 3.9)");
      } else {
        demand.getAndAccumulate(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
      }
      schedule();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    private void schedule() {
      if (work.getAndIncrement() == 0) {
        executor.execute(this::drain);
      }
    }

    /** Runs on one worker at a time (the work counter), so the buffer, scanner and step need no lock. */
    private void drain() {
      int missed = 1;
      try {
        do {
          if (badRequest != null && !cancelled) {
            cancelled = true;
            subscriber.onError(badRequest);
          }
          while (!cancelled && demand.get() > 0) {
            if (buffer.isEmpty()) {
              if (scanned || !fetched()) {
                break;
              }
              continue;
            }
            K key = context.decodeKey(buffer.poll());
            if (key != null) {
              demand.decrementAndGet();
              subscriber.onNext(key);
            }
          }
          if (!cancelled && buffer.isEmpty() && scanned) {
            cancelled = true;
            subscriber.onComplete();
          }
          missed = work.addAndGet(-missed);
        } while (missed != 0);
      } catch (RuntimeException e) {
        if (!cancelled) {
          cancelled = true;
          subscriber.onError(e);
        }
      }
    }

    /** Takes the keys of the step in flight if it is done, else sends one; false while a step is in flight. */
    private boolean fetched() {
      try {
        if (step == null) {
          if (scanner == null) {
            scanner = walks.start(pattern, BATCH);
          }
          step = scanner.next();
          step.whenComplete((keys, failure) -> schedule()); // at once when done already: then only counted
        }
        if (!step.isDone()) {
          return false;
        }
        CompletableFuture<List<byte[]>> done = step;
        step = null;
        buffer.addAll(keysOf(done));
        scanned = !scanner.hasNext();
      } catch (RuntimeException e) {
        if (ignored == null) {
          throw e;
        }
        ignored.ignore("scan", e); // rethrows what is not a Redis failure
        scanned = true; // the scan ends where Redis failed, as iteration of the JCache view does
      }
      return true;
    }

    private List<byte[]> keysOf(CompletableFuture<List<byte[]>> done) {
      try {
        return done.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
  }
}
