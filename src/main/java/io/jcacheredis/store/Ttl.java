package io.jcacheredis.store;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;

/**
 * What to do with an entry's Redis TTL when it is written or touched, derived from a JCache {@link Duration}.
 * Redis cannot hold a zero TTL, so {@link Kind#EXPIRED} means "do not write / delete now".
 */
public final class Ttl {

  /** The four outcomes an expiry policy can ask for. */
  public enum Kind {
    /** {@code null} duration: leave the current TTL as it is (KEEPTTL). */
    KEEP,
    /** No TTL at all (PERSIST). */
    ETERNAL,
    /** Zero or negative duration: the entry is expired now. */
    EXPIRED,
    /** A TTL of {@link #millis()} milliseconds. */
    MILLIS
  }

  public static final Ttl KEEP = new Ttl(Kind.KEEP, 0);
  public static final Ttl ETERNAL = new Ttl(Kind.ETERNAL, 0);
  public static final Ttl EXPIRED = new Ttl(Kind.EXPIRED, 0);

  private final Kind kind;
  private final long millis;
  // The script arguments, encoded once: a cache's TTLs are usually constants, so no call re-encodes them.
  private final CommandArg codeArg;
  private final CommandArg millisArg;

  private Ttl(Kind kind, long millis) {
    this.kind = kind;
    this.millis = millis;
    this.codeArg = CommandArg.ascii(code());
    this.millisArg = CommandArg.ascii(Long.toString(millis));
  }

  /**
   * The longest TTL sent to Redis, about 73 million years: Redis refuses a TTL whose expiry time (now plus the TTL, in
   * milliseconds) overflows a 64-bit integer ("invalid expire time"), so longer durations are sent as this.
   */
  static final long MAX_MILLIS = Long.MAX_VALUE / 4;

  /** A TTL of the given milliseconds (at most {@link #MAX_MILLIS}); zero or less means expired now. */
  public static Ttl ofMillis(long millis) {
    return millis <= 0 ? EXPIRED : new Ttl(Kind.MILLIS, Math.min(millis, MAX_MILLIS));
  }

  /** Maps a JCache duration; {@code null} keeps the current TTL. */
  public static Ttl of(Duration duration) {
    if (duration == null) {
      return KEEP;
    }
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return EXPIRED;
    }
    TimeUnit unit = duration.getTimeUnit();
    long amount = duration.getDurationAmount();
    long ms = unit.toMillis(amount);
    if (ms == 0 && amount > 0) {
      ms = 1; // sub-millisecond durations round up: they are not "expired now"
    }
    return ofMillis(ms);
  }

  public Kind kind() {
    return kind;
  }

  public long millis() {
    return millis;
  }

  public boolean isExpired() {
    return kind == Kind.EXPIRED;
  }

  /** One-letter code understood by the Lua scripts: k, e, x or m. */
  String code() {
    switch (kind) {
      case KEEP: return "k";
      case ETERNAL: return "e";
      case EXPIRED: return "x";
      default: return "m";
    }
  }

  /** {@link #code()} as a script argument. */
  CommandArg codeArg() {
    return codeArg;
  }

  /** {@link #millis()} as a script argument. */
  CommandArg millisArg() {
    return millisArg;
  }

  @Override
  public String toString() {
    return kind == Kind.MILLIS ? millis + "ms" : kind.name();
  }
}
