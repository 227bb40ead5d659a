package io.jcacheredis.nearcache;

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
 * keeps the array it read or wrote), so a hit costs a slot read or two and reference comparisons instead of a decode.
 * Any other value (a user class, {@code byte[]}, a collection) is decoded every time, a fresh copy, as without a near
 * cache.
 *
 * <p>The remembered values are in a table of slots indexed by the array's identity hash, each slot holding one array
 * and its value; an array may be in its slot or in the slot's neighbour (the other of the pair sharing all bits but
 * the lowest), so that two held arrays whose hashes meet both stay remembered. A lossy cache: a new value goes to the
 * empty one of the pair, else replaces what its own slot held; a miss only decodes. A slot matches by the
 * identity of the array, never by its content: a changed entry (written or invalidated, then read again) is a new
 * array and is decoded anew, so an old decoded value is never returned for it. Arrays are never changed after they
 * are read or encoded (see {@link ValueCodec#encode}). A slot is written without a lock: a slot's record has final
 * fields only, so a thread reading it sees it whole or not at all. The table is sized after the near cache (two slots per
 * entry of its maximum, or per {@value #BYTES_PER_SLOT} of its bytes, so that fewer held arrays share a slot; between
 * {@value #MIN_SLOTS} and {@value #MAX_SLOTS} slots); it keeps what a slot holds until the slot is reused, so besides the near cache it holds at most
 * one array and value per slot (with a bound in bytes, only arrays of at most the bound over the slots are
 * remembered). Store-by-value semantics are unchanged: the values shared are immutable. A decode of bytes that do not
 * come from the near cache (a read from Redis) costs two slot reads and, for an immutable value, one slot write more.
 * A separate map (Caffeine's, weak-keyed) was tried first: its lookup and access-order upkeep cost more than decoding
 * a short String.
 */
final class DecodedImmutables implements ValueCodec {

  /** With a bound in bytes: one slot per this many bytes. */
  static final int BYTES_PER_SLOT = 1024;
  static final int MIN_SLOTS = 16;
  static final int MAX_SLOTS = 1 << 16;

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Long.class, Integer.class, Short.class,
      Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
      UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
      OffsetTime.class, OffsetDateTime.class, ZonedDateTime.class, ZoneOffset.class, Year.class, YearMonth.class,
      MonthDay.class);

  /** An array and the value decoded from it. */
  private record Decoded(byte[] bytes, Object value) {
  }

  private final ValueCodec codec;
  private final Decoded[] slots;
  private final int mask;
  private final long maxBytes;

  /**
   * @param codec the cache's value codec (with its compression)
   * @param bound the near cache's bound, which sizes the table
   */
  DecodedImmutables(ValueCodec codec, LocalBound bound) {
    this.codec = codec;
    long wanted = 2 * (bound.bytes() > 0 ? bound.bytes() / BYTES_PER_SLOT : bound.entries());
    int size = Integer.highestOneBit((int) Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, wanted)) * 2 - 1);
    this.slots = new Decoded[size];
    this.mask = size - 1;
    this.maxBytes = bound.bytes() > 0 ? bound.bytes() / size : Long.MAX_VALUE;
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
    int slot = System.identityHashCode(bytes) & mask;
    Decoded known = slots[slot];
    if (known != null && known.bytes() == bytes) {
      return known.value();
    }
    Decoded neighbour = slots[slot ^ 1];
    if (neighbour != null && neighbour.bytes() == bytes) {
      return neighbour.value();
    }
    Object value = codec.decode(bytes);
    if (value != null && bytes.length <= maxBytes && isImmutable(value.getClass())) {
      slots[known != null && neighbour == null ? slot ^ 1 : slot] = new Decoded(bytes, value);
    }
    return value;
  }

  /** How many values are remembered now, for tests. */
  long size() {
    long size = 0;
    for (Decoded decoded : slots) {
      size += decoded == null ? 0 : 1;
    }
    return size;
  }

  /** How many slots the table has, for tests. */
  int slots() {
    return slots.length;
  }
}
