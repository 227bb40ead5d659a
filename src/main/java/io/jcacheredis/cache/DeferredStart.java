package io.jcacheredis.cache;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Where extension calls wait before a worker gets them (see {@link AsyncCall}): the last call of each thread, and one
 * JVM-wide daemon thread that hands to a worker any of them that has waited {@value #DELAY_MICROS} µs. Only calls of
 * the pooled connection mode wait here; the multiplexed mode makes no {@link AsyncCall}.
 *
 * <p>Only a thread's last call can be waiting here: making the next call hands the previous one to a worker. So the
 * deadline thread looks at one slot per thread that uses the extension, never at a queue of calls, and a call costs
 * no allocation beyond itself.
 *
 * <p>The deadline thread must not cost what it saves. Its wake-ups land between a caller and Redis, which pass the
 * CPU back and forth once per round trip: waking every 0.2 ms cost a single-threaded caller about a fifth of its
 * throughput. So while it has no call to start it looks less and less often, doubling its interval up to
 * {@value #MAX_INTERVAL_MILLIS} ms; starting a call brings the interval back to {@value #DELAY_MICROS} µs. A stage
 * nobody composes with or waits for therefore starts within about {@value #MAX_INTERVAL_MILLIS} ms, and within a
 * fraction of a millisecond while an application keeps making such calls. The thread ends after
 * {@value #LINGER_MILLIS} ms with nothing to start (nothing of the provider stays running once an application stops
 * using it), and the next call starts a new one.
 */
final class DeferredStart {

  /** How long a call may wait for its caller to wait for it or compose with it. */
  static final long DELAY_MICROS = 200;
  static final long MAX_INTERVAL_MILLIS = 4;
  static final long LINGER_MILLIS = 1000;
  private static final long DELAY = TimeUnit.MICROSECONDS.toNanos(DELAY_MICROS);
  private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(MAX_INTERVAL_MILLIS);
  private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  private static final long NOTHING_WAITING = Long.MAX_VALUE;

  private static final int NOT_RUNNING = 0;
  private static final int RUNNING = 1;
  /** Whether a deadline thread runs. */
  private static final AtomicInteger STATE = new AtomicInteger(NOT_RUNNING);

  private static final ConcurrentLinkedQueue<Slot> SLOTS = new ConcurrentLinkedQueue<>();
  /**
   * Each thread's last call, or null once it has run. A plain ThreadLocal holding a JDK type: a thread of an
   * application server's pool keeps no class of this provider (and so no application class loader) alive through it
   * after the application stops.
   */
  private static final ThreadLocal<AtomicReference<AsyncCall<?>>> LAST = new ThreadLocal<>();

  private DeferredStart() {
  }

  /** This thread's slot, where its last call waits (the call clears it when it has run). */
  static AtomicReference<AsyncCall<?>> slotOfThisThread() {
    AtomicReference<AsyncCall<?>> last = LAST.get();
    if (last == null) {
      last = new AtomicReference<>();
      LAST.set(last);
      SLOTS.add(new Slot(Thread.currentThread(), last));
    }
    return last;
  }

  /**
   * {@code call} was made on this thread, in {@code slot}: it becomes the thread's last call, and the previous one
   * goes to a worker.
   */
  static void made(AsyncCall<?> call, AtomicReference<AsyncCall<?>> slot) {
    AsyncCall<?> previous = slot.getAndSet(call);
    if (previous != null) {
      previous.dispatch();
    }
    if (STATE.get() != RUNNING && STATE.compareAndSet(NOT_RUNNING, RUNNING)) {
      startDeadlineThread();
    }
  }

  /** This thread is about to compose with or wait for {@code call}: its last call, if another, goes to a worker. */
  static void othersOfThisThread(AsyncCall<?> call) {
    AtomicReference<AsyncCall<?>> slot = LAST.get();
    AsyncCall<?> last = slot == null ? null : slot.get();
    if (last != null && last != call) {
      last.dispatch();
    }
  }

  private static void startDeadlineThread() {
    Thread thread = new Thread(DeferredStart::watch, "jcache-redis-deferred-start");
    thread.setDaemon(true);
    thread.setContextClassLoader(DeferredStart.class.getClassLoader());
    try {
      thread.start();
    } catch (Throwable e) { // no thread (out of native threads): let the next call try again
      STATE.set(NOT_RUNNING);
      throw e;
    }
  }

  /** The deadline thread: runs until it has had nothing to start for {@link #LINGER}; the next call starts another. */
  private static void watch() {
    try {
      watchUntilIdle();
    } catch (Throwable e) { // an Error while starting a call: let the next call start a new thread
      STATE.set(NOT_RUNNING);
      throw e;
    }
  }

  private static void watchUntilIdle() {
    long interval = DELAY;
    long quiet = 0; // how long no call has needed this thread
    while (true) {
      Scan scan = startOverdue();
      if (scan.startedAny()) { // calls nobody waits for are being made: keep looking often
        interval = DELAY;
        quiet = 0;
      }
      if (quiet < LINGER || scan.nextDue() != NOTHING_WAITING) {
        long sleep = Math.min(scan.nextDue(), interval);
        LockSupport.parkNanos(sleep);
        quiet += sleep;
        interval = Math.min(interval * 2, MAX_INTERVAL);
        continue;
      }
      STATE.set(NOT_RUNNING);
      // A call made while this thread was ending: its maker may have seen RUNNING and started no thread. Carry on for
      // it, unless a maker has started a new thread meanwhile.
      if (startOverdue().isIdle() || !STATE.compareAndSet(NOT_RUNNING, RUNNING)) {
        return;
      }
      quiet = 0;
    }
  }

  /** Hands every call that has waited {@link #DELAY} to a worker and forgets the slots of threads that have ended. */
  private static Scan startOverdue() {
    long now = System.nanoTime();
    long next = NOTHING_WAITING;
    boolean startedAny = false;
    for (Iterator<Slot> slots = SLOTS.iterator(); slots.hasNext(); ) {
      Slot slot = slots.next();
      AsyncCall<?> last = slot.last.get();
      if (last != null && last.isNew()) {
        long due = DELAY - (now - last.madeAt);
        if (due <= 0) {
          last.dispatch();
          startedAny = true;
        } else {
          next = Math.min(next, due);
        }
      } else if (slot.ownerEnded()) {
        slots.remove();
      }
    }
    return new Scan(next, startedAny);
  }

  /**
   * What one look at the slots found: nanoseconds until the next waiting call is due ({@link #NOTHING_WAITING} when
   * none waits), and whether it started a call.
   */
  private record Scan(long nextDue, boolean startedAny) {
    boolean isIdle() {
      return nextDue == NOTHING_WAITING && !startedAny;
    }
  }

  /** One thread's slot, as the deadline thread sees it. */
  private static final class Slot {
    private final WeakReference<Thread> owner;
    final AtomicReference<AsyncCall<?>> last;

    Slot(Thread owner, AtomicReference<AsyncCall<?>> last) {
      this.owner = new WeakReference<>(owner);
      this.last = last;
    }

    boolean ownerEnded() {
      Thread thread = owner.get();
      return thread == null || !thread.isAlive();
    }
  }
}
