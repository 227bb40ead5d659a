package io.jcacheredis.client;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisSettings;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.function.IntSupplier;

/**
 * Admits callers to one Redis node's connection pool, at most {@value RedisSettings#POOL_MAX_TOTAL} at a time, so that
 * no caller waits longer than the work queued ahead of it.
 *
 * <p>commons-pool gives a returned connection to whichever thread asks next, usually the one that just returned it,
 * not to the thread that has waited longest; under load a waiter can so miss every connection for longer than
 * {@value RedisSettings#POOL_MAX_WAIT} although connections turn over thousands of times a second. Callers therefore
 * queue here first, and the pool always has a connection (or room for one) for a caller admitted.
 *
 * <p>Admission works like Go's {@code sync.Mutex}: normally a caller that finds a free permit takes it at once, even
 * if others are queued (cheap: no thread hand-off per call). When a queued caller has waited the <em>starvation
 * time</em> (a quarter of the max wait, at most 50 ms), the gate switches to hand-off: a permit given back goes to the
 * first queued caller and newcomers queue behind, strictly in arrival order; the starving caller queues again behind
 * those already waiting. It switches back when a queued caller is admitted after a short wait or the queue is empty.
 * The longest wait is so bounded by the starvation time plus the time the callers queued ahead need, not by
 * chance.
 *
 * <p>A caller not admitted within the max wait gets a {@link RedisFailureException} that says which case it was: no
 * connection came back during the whole wait (the server is not answering, or answers slower than the wait), or
 * connections were coming back but all went to callers ahead (the pool is too small for the load).
 */
final class ConnectionGate {

  private static final long MAX_STARVATION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Permits permits;
  private final String where;
  private final int maxTotal;
  private final long maxWaitNanos;
  private final int timeoutMillis;
  private final IntSupplier idle;
  /** When (System.nanoTime) a caller last gave a permit back. */
  private volatile long lastExit = System.nanoTime();

  /**
   * @param where the node, as failures name it (host, port; never a password)
   * @param settings the pool size, max wait and socket timeout
   * @param idle the pool's idle connections now (for failure messages only)
   */
  ConnectionGate(String where, RedisSettings settings, IntSupplier idle) {
    this.where = where;
    this.maxTotal = settings.poolMaxTotal();
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(settings.poolMaxWaitMillis());
    this.timeoutMillis = settings.timeoutMillis();
    this.idle = idle;
    this.permits = new Permits(maxTotal, maxWaitNanos < 0 ? MAX_STARVATION_NANOS
        : Math.min(maxWaitNanos / 4, MAX_STARVATION_NANOS));
  }

  /**
   * Waits for a permit to use one of the node's connections; every successful call must be followed by one {@link
   * #exit}. A negative max wait waits without limit (as commons-pool does), zero not at all.
   *
   * @throws RedisFailureException when none is free within the max wait, or the thread is interrupted
   */
  void enter() {
    if (permits.tryBarge()) {
      return;
    }
    long start = System.nanoTime();
    boolean admitted;
    try {
      admitted = waitFor(start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisFailureException("Interrupted while waiting for a connection to Redis at " + where, e);
    }
    if (!admitted) {
      throw exhausted(start);
    }
    permits.admittedAfter(System.nanoTime() - start);
  }

  /**
   * Queues for up to the starvation time; a caller still waiting then switches the gate to hand-off and queues again
   * (behind those who came before it) for the rest of the max wait.
   */
  private boolean waitFor(long start) throws InterruptedException {
    long first = maxWaitNanos < 0 ? permits.starvationNanos : Math.min(permits.starvationNanos, maxWaitNanos);
    if (permits.tryAcquireSharedNanos(1, first)) {
      return true;
    }
    if (maxWaitNanos >= 0 && maxWaitNanos <= first) {
      return false;
    }
    permits.handOff = true;
    if (maxWaitNanos < 0) {
      permits.acquireSharedInterruptibly(1);
      return true;
    }
    return permits.tryAcquireSharedNanos(1, maxWaitNanos - (System.nanoTime() - start));
  }

  /** Gives back the permit of an {@link #enter}. */
  void exit() {
    lastExit = System.nanoTime();
    permits.releaseShared(1);
  }

  private RedisFailureException exhausted(long waitStart) {
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStart);
    String counters = (maxTotal - permits.available()) + " in use, " + idleCount() + " idle, "
        + permits.getQueueLength() + " callers waiting";
    if (lastExit - waitStart < 0) {
      return new RedisFailureException("Redis at " + where + " is not answering: none of its " + maxTotal
          + " connections came back in " + waitedMillis + " ms (" + RedisSettings.POOL_MAX_WAIT + "); each waits up to "
          + timeoutMillis + " ms for a reply (" + RedisSettings.TIMEOUT + "). Pool: " + counters, null);
    }
    return new RedisFailureException("Every connection to Redis at " + where + " stayed busy for " + waitedMillis
        + " ms while calls queued ahead were served: the pool is too small for this many concurrent callers. Pool: "
        + counters + ". Raise " + RedisSettings.POOL_MAX_TOTAL + " (now " + maxTotal + ") or "
        + RedisSettings.POOL_MAX_WAIT + " (now " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + ")", null);
  }

  private String idleCount() {
    try {
      return Integer.toString(idle.getAsInt());
    } catch (RuntimeException e) { // the counters only describe the failure; they must not replace it
      return "unknown (" + e + ")";
    }
  }

  /**
   * The permits, with barging until the first queued caller starves and hand-off after. The state is the number of
   * free permits.
   */
  private static final class Permits extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    final long starvationNanos;
    /** Hand-off mode: a free permit belongs to the first queued caller. */
    volatile boolean handOff;

    Permits(int permits, long starvationNanos) {
      setState(permits);
      this.starvationNanos = starvationNanos;
    }

    int available() {
      return getState();
    }

    /** A caller arriving: takes a free permit unless hand-off reserves it for the queue. */
    boolean tryBarge() {
      return !(handOff && hasQueuedThreads()) && take() >= 0;
    }

    /** Called by AQS for a queued caller (and once before it queues). */
    @Override
    protected int tryAcquireShared(int ignored) {
      if (handOff && hasQueuedPredecessors()) {
        return -1;
      }
      return take();
    }

    private int take() {
      for (;;) {
        int free = getState();
        int left = free - 1;
        if (left < 0 || compareAndSetState(free, left)) {
          return left;
        }
      }
    }

    /** Go's rule: hand-off ends when a queued caller got in quickly, or nobody is left queued. */
    void admittedAfter(long waitedNanos) {
      if (handOff && (waitedNanos < starvationNanos || !hasQueuedThreads())) {
        handOff = false;
      }
    }

    @Override
    protected boolean tryReleaseShared(int ignored) {
      for (;;) {
        int free = getState();
        if (compareAndSetState(free, free + 1)) {
          return true;
        }
      }
    }
  }
}
