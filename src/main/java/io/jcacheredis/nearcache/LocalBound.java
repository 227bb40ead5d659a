package io.jcacheredis.nearcache;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.ToIntFunction;

/**
 * How much one near-cached cache keeps in this JVM: a number of entries ({@value NearCacheSettings#MAX_ENTRIES}, or
 * a cache's own maximum), or a number of bytes ({@value NearCacheSettings#MAX_BYTES}). Caffeine bounds a map by
 * entry count or by weight, not both: a bound in bytes weighs each entry as its key's and value's bytes plus {@value
 * #ENTRY_OVERHEAD_BYTES} for the objects around them (an estimate of the map's node, the key and value wrappers and
 * array headers on a 64-bit JVM with compressed pointers).
 *
 * @param entries the most entries, when bounded by entries (else 0)
 * @param bytes the most bytes, when bounded by bytes (else 0)
 */
record LocalBound(long entries, long bytes) {

  /** What an entry costs beside its key's and value's bytes (an estimate). */
  static final int ENTRY_OVERHEAD_BYTES = 160;

  /** At most this many entries; 0: no near cache. */
  static LocalBound entries(long entries) {
    return new LocalBound(entries, 0);
  }

  /** At most about this many bytes; 0: no near cache. */
  static LocalBound bytes(long bytes) {
    return new LocalBound(0, bytes);
  }

  /** Whether nothing may be kept (no near cache). */
  boolean isNone() {
    return entries == 0 && bytes == 0;
  }

  /**
   * A Caffeine builder for a map from encoded keys to {@code V} with this bound, run on the calling thread (no
   * executor hand-off).
   *
   * @param valueBytes the bytes of a value, for a bound in bytes
   */
  @SuppressWarnings("unchecked") // an unweighed builder takes any key and value type
  <V> Caffeine<ByteKey, V> builder(ToIntFunction<V> valueBytes) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run);
    if (bytes > 0) {
      return builder.maximumWeight(bytes).weigher((ByteKey key, V value) -> (int) Math.min(Integer.MAX_VALUE,
          (long) key.length() + valueBytes.applyAsInt(value) + ENTRY_OVERHEAD_BYTES));
    }
    return (Caffeine<ByteKey, V>) (Caffeine<?, ?>) builder.maximumSize(entries);
  }
}
