package io.jcacheredis.cache;

import io.jcacheredis.RedisFailureException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock serializing read-decide-write operations on the keys of one stripe within this JVM (reentrant). While
 * Redis does not answer, its holder waits out a timeout, and each caller queued behind it would wait for the holder
 * and then out its own timeout, the n-th one n timeouts: a hot key would hang its callers for a whole outage. So a
 * holder that Redis fails reports it ({@link #redisFailed}), and the callers that were waiting meanwhile fail with
 * that failure rather than try Redis again in turn.
 */
public final class KeyLock {

  /** How often a waiting caller looks whether Redis failed the holder (another caller may take the lock first). */
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ReentrantLock lock = new ReentrantLock();
  private volatile Failure lastFailure;

  private record Failure(long at, RedisFailureException exception) {
  }

  /**
   * Takes the lock, waiting for it as long as needed, unless Redis failed the operation holding it meanwhile.
   *
   * @throws RedisFailureException the failure of an operation that held the lock while this caller waited
   */
  public void lock() {
    if (lock.tryLock()) {
      return;
    }
    long since = System.nanoTime();
    boolean interrupted = false;
    try {
      while (true) {
        failIfRedisFailedSince(since);
        try {
          if (lock.tryLock(CHECK_NANOS, TimeUnit.NANOSECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true; // lock() was never interruptible: wait on, and keep the interrupt for the caller
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      failIfRedisFailedSince(since);
    } catch (RedisFailureException e) {
      lock.unlock();
      throw e;
    }
  }

  public void unlock() {
    lock.unlock();
  }

  /** Called by the holder, before unlocking, when Redis failed the operation it held the lock for. */
  public void redisFailed(RedisFailureException failure) {
    lastFailure = new Failure(System.nanoTime(), failure);
  }

  private void failIfRedisFailedSince(long since) {
    Failure failure = lastFailure;
    if (failure != null && failure.at() - since >= 0) {
      throw new RedisFailureException(failure.exception().getMessage(), failure.exception().getCause());
    }
  }
}
