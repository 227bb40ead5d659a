package io.jcacheredis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import io.jcacheredis.store.TimedValue;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.ValueReader;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A write whose reply tells what it stored ({@link #beginWrite}, {@link #endWrite}) works the same way: before it
 * is sent, the key holds a marker of the writes on their way; what the write stored is kept only if the marker is
 * still there when the reply is in (no invalidation, no loss of invalidation, no eviction), and if no other write of
 * the key from this JVM was on its way meanwhile (their order in Redis is not known here: none of them is kept). A
 * read finds the marker and is not kept. Writes are kept this way only when sent over the tracking connection (see
 * {@link TrackingState#ownWrites()}), whose plain commands Redis does not announce back; a write it announces back
 * anyway (a script's) drops what was kept when the announcement arrives, which is correct, only short-lived.
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

  /**
   * The writes of one key on their way, in the generation the first began: how many, and whether they overlapped.
   * The key's marker in the map meanwhile. Changed only inside the writes map's compute for the key.
   */
  private static final class Writing {
    private final long generation;
    private int onTheirWay = 1;
    private boolean overlapped;

    private Writing(long generation) {
      this.generation = generation;
    }

    private Writing overlap() {
      onTheirWay++;
      overlapped = true;
      return this;
    }
  }

  /**
   * One write on its way.
   *
   * @param startNanos when it began, before it was sent ({@link System#nanoTime()})
   * @param heldBefore whether a value was held for the key when it began
   * @param deadlineBeforeNanos that value's deadline, which a write that keeps the entry's TTL keeps too
   */
  record Write(long startNanos, boolean heldBefore, long deadlineBeforeNanos) {
  }

  /**
   * A value kept locally until its deadline ({@link System#nanoTime()}), and what a caller read it as when that may be
   * handed out again ({@link ValueReader#shared}): the first hit reads the bytes, later hits get the same instance.
   * Equal only to itself, so that a conditional removal or replacement hits only the very value it saw.
   */
  static final class Held {
    /**
     * The smallest kept value whose read is kept too: reading fewer bytes again costs a hit less than keeping the
     * read value beside them (measured with Strings in the benchmark's near-cache get row).
     */
    static final int KEEP_READ_FROM_BYTES = 512;

    private final byte[] value;
    private final long deadlineNanos;
    /** Written at most by each of the first racing readers, all with an equal immutable value. */
    private volatile Object read;

    private Held(byte[] value, long deadlineNanos) {
      this.value = value;
      this.deadlineNanos = deadlineNanos;
    }

    byte[] value() {
      return value;
    }

    long deadlineNanos() {
      return deadlineNanos;
    }

    /** The value {@code reader} reads the bytes as, read once if it may be shared. */
    @SuppressWarnings("unchecked") // kept by a reader of this cache, whose readers all read the same type
    <K, T> T read(K about, ValueReader<K, T> reader) {
      Object known = read;
      if (known != null) {
        return (T) known;
      }
      T value = reader.read(about, this.value);
      if (this.value.length >= KEEP_READ_FROM_BYTES && value != null && reader.shared(value)) {
        read = value;
      }
      return value;
    }
  }

  private final ConcurrentMap<ByteKey, Object> map;
  /** The keys with writes on their way (as many as writes in flight: not bounded otherwise, never evicted). */
  private final ConcurrentMap<ByteKey, Writing> writes = new ConcurrentHashMap<>();
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
    Held held = held(key);
    return held == null ? null : held.value();
  }

  /** {@link #get}, with what the value may have been read as already ({@link Held#read}). */
  Held held(ByteKey key) {
    Object found = map.get(key);
    long now = System.nanoTime();
    if (!(found instanceof Held held) || !tracking.serves(now)) {
      return null;
    }
    if (now - held.deadlineNanos() >= 0) {
      map.remove(key, held);
      return null;
    }
    return held;
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
    // A value past its deadline (a live one would have been served) makes way.
    boolean reserved = found == null || found instanceof Held && map.replace(key, found, reservation);
    if (reserved && writes.containsKey(key)) { // a write's marker was dropped (invalidated): it is on its way still
      map.remove(key, reservation);
      return null;
    }
    return reserved ? reservation : null;
  }

  /**
   * Marks the key before a write whose value may be kept is sent ({@link #endWrite} when its reply is in or it
   * failed): reads are not kept meanwhile, and what the key held is dropped.
   *
   * @param generation the live generation during which the write is not announced back
   */
  Write beginWrite(ByteKey key, long generation) {
    long startNanos = System.nanoTime();
    Writing writing = writes.compute(key, (k, onTheirWay) -> onTheirWay == null ? new Writing(generation)
        : onTheirWay.overlap());
    Object before = map.put(key, writing);
    return before instanceof Held held ? new Write(startNanos, true, held.deadlineNanos())
        : new Write(startNanos, false, 0);
  }

  /**
   * Ends a write: keeps what Redis holds after it if the write's marker is still there, no other write of the key
   * overlapped it, and its generation is still the live one; otherwise the key is left empty.
   *
   * @param value what Redis holds for the key after the write, or null when there is nothing to keep (it failed,
   *     deleted the entry, or its reply does not tell)
   * @param ttl the TTL the write left on the entry ({@link Ttl.Kind#KEEP}: the one it had, known if a value was held
   *     before the write)
   */
  void endWrite(ByteKey key, Write write, byte[] value, Ttl ttl) {
    writes.compute(key, (k, writing) -> {
      if (writing == null) {
        return null;
      }
      if (--writing.onTheirWay > 0) {
        return writing; // the last one ends the marker
      }
      Held held = writing.overlapped || value == null || tracking.generation() != writing.generation ? null
          : written(value, ttl, write);
      if (held == null) {
        map.remove(key, writing);
      } else {
        map.replace(key, writing, held);
      }
      return null;
    });
  }

  /** The value a write left, held until the TTL it left (from before it was sent) or the maximum lifetime. */
  private Held written(byte[] value, Ttl ttl, Write write) {
    switch (ttl.kind()) {
      case ETERNAL:
        return new Held(value, write.startNanos + maxLifetimeNanos);
      case MILLIS:
        return new Held(value, write.startNanos + Math.min(maxLifetimeNanos,
            TimeUnit.MILLISECONDS.toNanos(ttl.millis())));
      case KEEP:
        return write.heldBefore ? new Held(value, write.deadlineBeforeNanos) : null;
      default:
        return null;
    }
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

  /**
   * Forgets the key: its value, the reservation of a read on its way or the marker of writes on their way (whose
   * replies are then not kept).
   */
  void invalidate(ByteKey key) {
    map.remove(key);
  }

  /** Forgets everything, values and reservations. */
  void clear() {
    map.clear();
  }

  /** The bytes of a kept value (a reservation or marker holds none), for a bound in bytes. */
  private static int valueBytes(Object kept) {
    return kept instanceof Held held ? held.value().length : 0;
  }

  /** How many values and reservations are kept now (Caffeine's estimate), for tests and logs. */
  long size() {
    return map.size();
  }
}
