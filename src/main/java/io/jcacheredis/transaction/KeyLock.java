package io.jcacheredis.transaction;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.EntryStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock serializing read-decide-write operations on the keys of one stripe within this JVM (reentrant). While
 * Redis does not answer, its holder waits out a timeout, and each caller queued behind it would wait for the holder
 * and then out its own timeout, the n-th one n timeouts: a hot key would hang its callers for a whole outage. So a
 * holder that Redis fails reports it ({@link #redisFailed}), and the callers that were waiting meanwhile fail with
 * that failure rather than try Redis again in turn. Only callers whose key fails together with the holder's do:
 * those of the same failure group ({@code EntryStore#failureGroup}: every key on one server, one hash slot on a
 * cluster, where keys of one stripe may live on different masters).
 */
final class KeyLock {

  /** The group of callers that never fail with another's failure, and of failures passed to no one. */
  static final int NO_GROUP = EntryStore.NO_FAILURE_GROUP;

  /** How often a waiting caller looks whether Redis failed the holder (another caller may take the lock first). */
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ReentrantLock lock = new ReentrantLock();
  private volatile Failure lastFailure;

  private record Failure(long at, int group, RedisFailureException exception) {
  }

  /**
   * Takes the lock, waiting for it as long as needed, unless Redis failed an operation of the same failure group
   * holding it meanwhile.
   *
   * @param group the failure group of the caller's key, or {@link #NO_GROUP}
   * @throws RedisFailureException the failure of an operation that held the lock while this caller waited
   */
  void lock(int group) {
    if (lock.tryLock()) {
      return;
    }
    long since = System.nanoTime();
    boolean interrupted = false;
    try {
      while (true) {
        failIfRedisFailedSince(since, group);
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
      failIfRedisFailedSince(since, group);
    } catch (RedisFailureException e) {
      lock.unlock();
      throw e;
    }
  }

  void unlock() {
    lock.unlock();
  }

  /**
   * Called by the holder, before unlocking, when Redis failed the operation it held the lock for.
   *
   * @param group the failure group of the holder's key; {@link #NO_GROUP} passes the failure to no one
   */
  void redisFailed(int group, RedisFailureException failure) {
    if (group != NO_GROUP) {
      lastFailure = new Failure(System.nanoTime(), group, failure);
    }
  }

  private void failIfRedisFailedSince(long since, int group) {
    Failure failure = lastFailure;
    if (failure != null && group != NO_GROUP && failure.group() == group && failure.at() - since >= 0) {
      throw new RedisFailureException(failure.exception().getMessage(), failure.exception().getCause());
    }
  }
}
