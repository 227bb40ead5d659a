package io.jcacheredis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import io.jcacheredis.store.TimedValue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The local copies of one cache's entries: a bounded Caffeine map from encoded key to either a value with its local
 * deadline or a {@link Reservation} (a read of that key is on its way to Redis). Redis's documented technique closes
 * the race between a read and an invalidation: the read reserves the key before it is sent, and its reply is kept
 * only if the same reservation is still there, so an invalidation (which removes values and reservations alike)
 * that arrives before the reply wins. A reply is also dropped when invalidation was lost or re-established since the
 * reservation ({@link TrackingState}). A value is served only while invalidation is live and recently confirmed, and
 * before its deadline, which is never later than the entry's Redis TTL (measured from before the read was sent) nor
 * than the maximum lifetime.
 */
final class LocalEntries {

  /** A read of a key on its way to Redis, started in a generation of the {@link TrackingState}, at a time. */
  static final class Reservation {
    private final long generation;
    private final long startNanos;

    private Reservation(long generation, long startNanos) {
      this.generation = generation;
      this.startNanos = startNanos;
    }
  }

  /** A value kept locally until its deadline ({@link System#nanoTime()}). */
  private record Held(byte[] value, long deadlineNanos) {
  }

  private final ConcurrentMap<ByteKey, Object> map;
  private final TrackingState tracking;
  private final long maxLifetimeNanos;

  /**
   * @param bound how much is kept (values and reservations); the least useful are evicted beyond
   * @param maxLifetimeMillis the longest a value is kept, whatever its Redis TTL
   */
  LocalEntries(LocalBound bound, long maxLifetimeMillis, TrackingState tracking) {
    Cache<ByteKey, Object> cache = bound.<Object>builder(LocalEntries::valueBytes).build();
    this.map = cache.asMap();
    this.tracking = tracking;
    this.maxLifetimeNanos = TimeUnit.MILLISECONDS.toNanos(maxLifetimeMillis);
  }

  /**
   * The value kept for the key, or null: none, a read on its way, past its deadline, or invalidation not live or not
   * confirmed recently enough ({@link TrackingState#serves(long)}).
   */
  byte[] get(ByteKey key) {
    Object found = map.get(key);
    long now = System.nanoTime();
    if (!(found instanceof Held held) || !tracking.serves(now)) {
      return null;
    }
    if (now - held.deadlineNanos() >= 0) {
      map.remove(key, held);
      return null;
    }
    return held.value();
  }

  /**
   * Reserves the key for a read about to be sent, or returns null when its reply must not be kept: invalidation is
   * not live, or another read of the key is on its way (its reply will be kept instead).
   */
  Reservation reserve(ByteKey key) {
    long generation = tracking.generation();
    if (!TrackingState.isLive(generation)) {
      return null;
    }
    Reservation reservation = new Reservation(generation, System.nanoTime());
    Object found = map.putIfAbsent(key, reservation);
    if (found == null) {
      return reservation;
    }
    // A value past its deadline (a live one would have been served) makes way.
    return found instanceof Held && map.replace(key, found, reservation) ? reservation : null;
  }

  /**
   * Keeps what the reserved read found if the reservation still stands and invalidation stayed live meanwhile; an
   * absent entry is not kept. Either way the reservation ends.
   */
  void install(ByteKey key, Reservation reservation, TimedValue read) {
    if (read.value() == null || read.pttl() == -2 || tracking.generation() != reservation.generation) {
      map.remove(key, reservation);
      return;
    }
    long lifeNanos = read.pttl() < 0 ? maxLifetimeNanos
        : Math.min(maxLifetimeNanos, TimeUnit.MILLISECONDS.toNanos(read.pttl()));
    if (lifeNanos <= 0) {
      map.remove(key, reservation);
      return;
    }
    map.replace(key, reservation, new Held(read.value(), reservation.startNanos + lifeNanos));
  }

  /** Ends a reservation whose read failed. */
  void release(ByteKey key, Reservation reservation) {
    map.remove(key, reservation);
  }

  /** Forgets the key: its value or the reservation of a read on its way (whose reply is then not kept). */
  void invalidate(ByteKey key) {
    map.remove(key);
  }

  /** Forgets everything, values and reservations. */
  void clear() {
    map.clear();
  }

  /** The bytes of a kept value (a reservation holds none), for a bound in bytes. */
  private static int valueBytes(Object kept) {
    return kept instanceof Held held ? held.value().length : 0;
  }

  /** How many values and reservations are kept now (Caffeine's estimate), for tests and logs. */
  long size() {
    return map.size();
  }
}
