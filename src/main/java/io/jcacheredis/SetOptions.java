package io.jcacheredis;

import java.time.Duration;
import java.util.Objects;

/**
 * Conditions and expiry for {@link AsyncRedisCache#set}: only if absent (NX), only if present (XX; it overrides
 * NX, as in redis-py and the django-async-redis reference), and an explicit expiry that replaces the cache's expiry
 * policy for this write: a {@link #timeout} ({@link Duration#ZERO} expires the value at once: nothing is stored and
 * an existing value is removed) or {@link #withoutExpiry()} (the reference's {@code timeout=None}). Immutable; start
 * from {@link #always()}.
 */
public final class SetOptions {

  private static final SetOptions ALWAYS = new SetOptions(false, false, null, false);

  private final boolean ifAbsent;
  private final boolean ifPresent;
  private final Duration timeout;
  private final boolean neverExpires;

  private SetOptions(boolean ifAbsent, boolean ifPresent, Duration timeout, boolean neverExpires) {
    this.ifAbsent = ifAbsent;
    this.ifPresent = ifPresent;
    this.timeout = timeout;
    this.neverExpires = neverExpires;
  }

  /** Unconditional, with the cache's expiry policy: the same as {@code Cache.put}. */
  public static SetOptions always() {
    return ALWAYS;
  }

  /** Only if the key is absent (Redis NX). */
  public SetOptions ifAbsent() {
    return new SetOptions(true, ifPresent, timeout, neverExpires);
  }

  /** Only if the key is present (Redis XX); overrides {@link #ifAbsent()}. */
  public SetOptions ifPresent() {
    return new SetOptions(ifAbsent, true, timeout, neverExpires);
  }

  /**
   * Expire the value after {@code timeout} instead of what the cache's expiry policy says; {@link Duration#ZERO}
   * or negative expires it at once. Replaces an earlier {@link #withoutExpiry()}.
   */
  public SetOptions timeout(Duration timeout) {
    return new SetOptions(ifAbsent, ifPresent, Objects.requireNonNull(timeout, "timeout"), false);
  }

  /**
   * Store the value without expiry (removing any TTL the key had), whatever the cache's expiry policy says: the
   * reference's {@code timeout=None}. Replaces an earlier {@link #timeout(Duration)}.
   */
  public SetOptions withoutExpiry() {
    return new SetOptions(ifAbsent, ifPresent, null, true);
  }

  /** True when only an absent key is set (NX given and XX not). */
  public boolean onlyIfAbsent() {
    return ifAbsent && !ifPresent;
  }

  /** True when only a present key is set (XX given; it overrides NX). */
  public boolean onlyIfPresent() {
    return ifPresent;
  }

  /** The explicit timeout, or null (the cache's expiry policy applies, unless {@link #neverExpires()}). */
  public Duration timeout() {
    return timeout;
  }

  /** True when {@link #withoutExpiry()} was asked for: the value is stored without a TTL. */
  public boolean neverExpires() {
    return neverExpires;
  }

  @Override
  public String toString() {
    return "SetOptions[" + (onlyIfPresent() ? "XX" : onlyIfAbsent() ? "NX" : "always")
        + (timeout != null ? ", timeout=" + timeout : neverExpires ? ", no expiry" : "") + "]";
  }
}
