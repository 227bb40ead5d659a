package io.jcacheredis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jcacheredis.codec.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The value codec of a near-cached cache: decodes as the cache's codec does, and remembers the value decoded from an
 * array when it is of an immutable JDK type (String, the boxed primitives, BigInteger, BigDecimal, UUID and the
 * java.time value types: the exact classes, no subclass), so that decoding the same array again returns that value
 * without reading the bytes. The near cache hands out the same array on every hit of an entry ({@link LocalEntries}
 * keeps the array it read or wrote), so a hit costs one identity lookup instead of a decode. Any other value (a user
 * class, {@code byte[]}, a collection) is decoded every time, a fresh copy, as without a near cache.
 *
 * <p>The remembered values are keyed by the identity of the array (Caffeine's {@code weakKeys()} compare by
 * identity), never by its content: a changed entry (written or invalidated, then read again) is a new array and is
 * decoded anew, so an old decoded value is never returned for it; an array no longer held anywhere (the near cache
 * dropped it) lets its value go at the next garbage collection. Arrays are never changed after they are read or
 * encoded (see {@link ValueCodec#encode}). The map is bounded like the near cache (entries, or bytes of the arrays
 * plus {@value LocalBound#ENTRY_OVERHEAD_BYTES} each). Store-by-value semantics are unchanged: the values shared are
 * immutable. A decode of bytes that do not come from the near cache (a read from Redis) costs one lookup and, for an
 * immutable value, one insert more.
 */
final class DecodedImmutables implements ValueCodec {

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Long.class, Integer.class, Short.class,
      Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
      UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
      OffsetTime.class, OffsetDateTime.class, ZonedDateTime.class, ZoneOffset.class, Year.class, YearMonth.class,
      MonthDay.class);

  private final ValueCodec codec;
  private final Cache<byte[], Object> decoded;

  /**
   * @param codec the cache's value codec (with its compression)
   * @param bound the near cache's bound, which this map has too
   */
  DecodedImmutables(ValueCodec codec, LocalBound bound) {
    this.codec = codec;
    Caffeine<Object, Object> builder = Caffeine.newBuilder().weakKeys().executor(Runnable::run);
    this.decoded = bound.bytes() > 0
        ? builder.maximumWeight(bound.bytes())
            .weigher((byte[] bytes, Object value) -> bytes.length + LocalBound.ENTRY_OVERHEAD_BYTES).build()
        : builder.maximumSize(bound.entries()).build();
  }

  /** Whether values of this class are shared between hits (an immutable JDK type, exactly). */
  static boolean isImmutable(Class<?> type) {
    return IMMUTABLE.contains(type);
  }

  @Override
  public byte[] encode(Object value) {
    return codec.encode(value);
  }

  @Override
  public Object decode(byte[] bytes) {
    Object known = decoded.getIfPresent(bytes);
    if (known != null) {
      return known;
    }
    Object value = codec.decode(bytes);
    if (value != null && isImmutable(value.getClass())) {
      decoded.put(bytes, value);
    }
    return value;
  }

  /** How many values are remembered now (Caffeine's estimate), for tests. */
  long size() {
    return decoded.estimatedSize();
  }
}
