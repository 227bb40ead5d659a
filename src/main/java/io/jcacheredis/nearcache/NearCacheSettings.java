package io.jcacheredis.nearcache;

import io.jcacheredis.configuration.SettingLookup;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * The near-cache settings of a CacheManager, read from its settings (configuration file, Properties, URL query),
 * else from the system property of the same name. {@value #MAX_ENTRIES} (or {@value #MAX_BYTES}) alone turns the near
 * cache on for every cache of the manager; a cache's {@link io.jcacheredis.RedisCacheConfiguration#setNearCacheMaxEntries(Long)} overrides it
 * (0 turns it off for that cache). See {@code docs/near-cache.md}.
 */
public final class NearCacheSettings {

  /**
   * The most entries each cache keeps in this JVM's memory (default 0: no near cache). Any positive number turns the
   * near cache on for every cache of the manager.
   */
  public static final String MAX_ENTRIES = "jcache.redis.near-cache.max-entries";
  /**
   * The most bytes each cache keeps in this JVM's memory (default 0: bounded by {@value #MAX_ENTRIES} instead): keys
   * and values plus an estimated overhead per entry. Any positive number turns the near cache on for every cache of
   * the manager, bounded in bytes; it cannot be combined with {@value #MAX_ENTRIES} (Caffeine bounds a map by entries
   * or by weight, not both). A cache's own {@link io.jcacheredis.RedisCacheConfiguration#setNearCacheMaxEntries(Long)}
   * still wins for that cache.
   */
  public static final String MAX_BYTES = "jcache.redis.near-cache.max-bytes";
  /**
   * The longest a local copy is kept, in milliseconds, whatever the entry's TTL in Redis (default 60000): a bound on
   * what a lost invalidation could cost.
   */
  public static final String MAX_LIFETIME = "jcache.redis.near-cache.max-lifetime.millis";
  /**
   * How often the invalidation connections are checked with PING, in milliseconds (default 500). Local values are
   * served only until twice this long after the newest PING every connection answered was sent; one that does not
   * answer for three times this long counts as lost, and the near caches empty until it is re-established.
   */
  public static final String PING_INTERVAL = "jcache.redis.near-cache.ping-interval.millis";

  private static final long DEFAULT_MAX_LIFETIME = 60_000;
  private static final long DEFAULT_PING_INTERVAL = 500;
  private static final long MIN_PING_INTERVAL = 10;

  private final LocalBound bound;
  private final long maxLifetimeMillis;
  private final long pingIntervalMillis;

  private NearCacheSettings(LocalBound bound, long maxLifetimeMillis, long pingIntervalMillis) {
    this.bound = bound;
    this.maxLifetimeMillis = maxLifetimeMillis;
    this.pingIntervalMillis = pingIntervalMillis;
  }

  /** Reads and checks the settings; a bad value is a CacheException naming the setting and what it must be. */
  public static NearCacheSettings from(Properties settings) {
    long maxEntries = SettingLookup.number(settings, MAX_ENTRIES, 0);
    requireAtLeast(MAX_ENTRIES, maxEntries, 0, "0 turns the near cache off");
    long maxBytes = SettingLookup.number(settings, MAX_BYTES, 0);
    requireAtLeast(MAX_BYTES, maxBytes, 0, "0 bounds the near cache by " + MAX_ENTRIES + " instead");
    if (maxEntries > 0 && maxBytes > 0) {
      throw new CacheException("Settings " + MAX_ENTRIES + " (" + maxEntries + ") and " + MAX_BYTES + " ("
          + maxBytes + ") are both set: set one of them (a near cache is bounded by entries or by bytes, not both)");
    }
    long maxLifetime = SettingLookup.number(settings, MAX_LIFETIME, DEFAULT_MAX_LIFETIME);
    requireAtLeast(MAX_LIFETIME, maxLifetime, 1, "a local copy must be allowed to live a little");
    long pingInterval = SettingLookup.number(settings, PING_INTERVAL, DEFAULT_PING_INTERVAL);
    requireAtLeast(PING_INTERVAL, pingInterval, MIN_PING_INTERVAL, "Redis is pinged at most every 10 ms");
    return new NearCacheSettings(maxBytes > 0 ? LocalBound.bytes(maxBytes) : LocalBound.entries(maxEntries),
        maxLifetime, pingInterval);
  }

  /**
   * What a cache keeps locally: its own maximum of entries, or (null) the manager's bound; {@link LocalBound#isNone()}
   * means no near cache. A negative maximum is a CacheException naming the cache.
   */
  LocalBound boundOf(String cacheName, Long cacheSetting) {
    if (cacheSetting == null) {
      return bound;
    }
    if (cacheSetting < 0) {
      throw new CacheException("Cache " + cacheName + ": RedisCacheConfiguration.setNearCacheMaxEntries must be 0 (no"
          + " near cache) or more, or null to follow " + MAX_ENTRIES + ", but is " + cacheSetting);
    }
    return LocalBound.entries(cacheSetting);
  }

  long maxLifetimeMillis() {
    return maxLifetimeMillis;
  }

  long pingIntervalMillis() {
    return pingIntervalMillis;
  }

  private static void requireAtLeast(String name, long value, long least, String why) {
    if (value < least) {
      throw new CacheException("Setting " + name + " must be at least " + least + " (" + why + "), but is " + value);
    }
  }
}
