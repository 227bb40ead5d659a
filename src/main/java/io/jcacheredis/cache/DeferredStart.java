package io.jcacheredis.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where extension calls wait before a worker gets them (see {@link AsyncCall}): the last call of each thread, and one
 * JVM-wide daemon thread that hands to a worker any of them that has waited {@value #DELAY_MICROS} µs.
 *
 * <p>Only a thread's last call can be waiting here: making the next call hands the previous one to a worker. So the
 * deadline thread looks at one slot per thread that uses the extension, never at a queue of calls, and a call costs
 * no allocation beyond itself.
 *
 * <p>The deadline thread must not cost what it saves. Its wake-ups land between a caller and Redis, which pass the
 * CPU back and forth once per round trip: waking every 0.2 ms cost a single-threaded caller about a fifth of its
 * throughput. So while it has no call to start it looks less and less often, doubling its interval up to
 * {@value #MAX_INTERVAL_MILLIS} ms, and sleeps for good after {@value #LINGER_MILLIS} ms (the next call wakes it).
 * Starting a call brings the interval back to {@value #DELAY_MICROS} µs. A stage nobody composes with or waits for
 * therefore starts within about {@value #MAX_INTERVAL_MILLIS} ms, and within a fraction of a millisecond while an
 * application keeps making such calls.
 */
final class DeferredStart {

  /** How long a call may wait for its caller to wait for it or compose with it. */
  static final long DELAY_MICROS = 200;
  static final long MAX_INTERVAL_MILLIS = 4;
  static final long LINGER_MILLIS = 50;
  private static final long DELAY = TimeUnit.MICROSECONDS.toNanos(DELAY_MICROS);
  private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(MAX_INTERVAL_MILLIS);
  private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  private static final long NOTHING_WAITING = Long.MAX_VALUE;

  private static final int NOT_STARTED = 0;
  private static final int IDLE = 1;
  private static final int AWAKE = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findStaticVarHandle(DeferredStart.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ConcurrentLinkedQueue<Slot> SLOTS = new ConcurrentLinkedQueue<>();
  private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(() -> {
    Slot slot = new Slot(Thread.currentThread());
    SLOTS.add(slot);
    return slot;
  });
  @SuppressWarnings("unused") // through STATE
  private static volatile int state;
  private static volatile Thread deadlineThread;
  /** Whether the last {@link #startOverdue()} started a call (read and written by the deadline thread only). */
  private static boolean startedAny;

  private DeferredStart() {
  }

  /** A call was made on this thread: it becomes the thread's last call, and the previous one goes to a worker. */
  static void made(AsyncCall<?> call) {
    Slot slot = SLOT.get();
    AsyncCall<?> previous = slot.last;
    slot.last = call;
    if (previous != null) {
      previous.dispatch();
    }
    if (state != AWAKE) {
      wakeDeadlineThread();
    }
  }

  /** This thread is about to wait for or compose with {@code call}: its last call, if another one, goes to a worker. */
  static void othersOfThisThread(AsyncCall<?> call) {
    AsyncCall<?> last = SLOT.get().last;
    if (last != null && last != call) {
      last.dispatch();
    }
  }

  private static void wakeDeadlineThread() {
    int current = state;
    if (current == IDLE && STATE.compareAndSet(IDLE, AWAKE)) {
      LockSupport.unpark(deadlineThread);
    } else if (current == NOT_STARTED && STATE.compareAndSet(NOT_STARTED, AWAKE)) {
      Thread thread = new Thread(DeferredStart::watch, "jcache-redis-deferred-start");
      thread.setDaemon(true);
      deadlineThread = thread;
      thread.start();
    }
  }

  private static void watch() {
    long interval = DELAY;
    long quiet = 0; // how long no call has needed this thread
    while (true) {
      long next = startOverdue();
      if (startedAny) { // calls nobody waits for are being made: keep looking often
        interval = DELAY;
        quiet = 0;
      }
      if (quiet < LINGER || next != NOTHING_WAITING) {
        long sleep = Math.min(next, interval);
        LockSupport.parkNanos(sleep);
        quiet += sleep;
        interval = Math.min(interval * 2, MAX_INTERVAL);
        continue;
      }
      state = IDLE;
      // A call made while this thread was going idle: its maker may have seen AWAKE and not woken this thread.
      if (startOverdue() != NOTHING_WAITING || startedAny) {
        state = AWAKE;
        continue;
      }
      while (state == IDLE) {
        LockSupport.park(DeferredStart.class);
      }
      interval = DELAY;
      quiet = 0;
    }
  }

  /**
   * Hands every call that has waited {@link #DELAY} to a worker (setting {@link #startedAny}) and forgets the slots of
   * threads that have ended.
   *
   * @return nanoseconds until the next waiting call is due, or {@link #NOTHING_WAITING}
   */
  private static long startOverdue() {
    long now = System.nanoTime();
    long next = NOTHING_WAITING;
    startedAny = false;
    for (Iterator<Slot> slots = SLOTS.iterator(); slots.hasNext(); ) {
      Slot slot = slots.next();
      AsyncCall<?> last = slot.last;
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
    return next;
  }

  /** One thread's last call. */
  private static final class Slot {
    private final WeakReference<Thread> owner;
    volatile AsyncCall<?> last;

    Slot(Thread owner) {
      this.owner = new WeakReference<>(owner);
    }

    boolean ownerEnded() {
      Thread thread = owner.get();
      return thread == null || !thread.isAlive();
    }
  }
}
