package io.jcacheredis.nearcache;

import io.jcacheredis.configuration.SettingLookup;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * The near-cache settings of a CacheManager, read from its settings (configuration file, Properties, URL query),
 * else from the system property of the same name. {@value #MAX_ENTRIES} alone turns the near cache on for every cache
 * of the manager; a cache's {@link io.jcacheredis.RedisCacheConfiguration#setNearCacheMaxEntries(Long)} overrides it
 * (0 turns it off for that cache). See {@code docs/near-cache.md}.
 */
public final class NearCacheSettings {

  /**
   * The most entries each cache keeps in this JVM's memory (default 0: no near cache). Any positive number turns the
   * near cache on for every cache of the manager.
   */
  public static final String MAX_ENTRIES = "jcache.redis.near-cache.max-entries";
  /**
   * The longest a local copy is kept, in milliseconds, whatever the entry's TTL in Redis (default 60000): a bound on
   * what a lost invalidation could cost.
   */
  public static final String MAX_LIFETIME = "jcache.redis.near-cache.max-lifetime.millis";
  /**
   * How often the invalidation connections are checked with PING, in milliseconds (default 500); one that does not
   * answer for three times this long counts as lost, and the near caches empty until it is re-established.
   */
  public static final String PING_INTERVAL = "jcache.redis.near-cache.ping-interval.millis";

  private static final long DEFAULT_MAX_LIFETIME = 60_000;
  private static final long DEFAULT_PING_INTERVAL = 500;
  private static final long MIN_PING_INTERVAL = 10;

  private final long maxEntries;
  private final long maxLifetimeMillis;
  private final long pingIntervalMillis;

  private NearCacheSettings(long maxEntries, long maxLifetimeMillis, long pingIntervalMillis) {
    this.maxEntries = maxEntries;
    this.maxLifetimeMillis = maxLifetimeMillis;
    this.pingIntervalMillis = pingIntervalMillis;
  }

  /** Reads and checks the settings; a bad value is a CacheException naming the setting and what it must be. */
  public static NearCacheSettings from(Properties settings) {
    long maxEntries = SettingLookup.number(settings, MAX_ENTRIES, 0);
    requireAtLeast(MAX_ENTRIES, maxEntries, 0, "0 turns the near cache off");
    long maxLifetime = SettingLookup.number(settings, MAX_LIFETIME, DEFAULT_MAX_LIFETIME);
    requireAtLeast(MAX_LIFETIME, maxLifetime, 1, "a local copy must be allowed to live a little");
    long pingInterval = SettingLookup.number(settings, PING_INTERVAL, DEFAULT_PING_INTERVAL);
    requireAtLeast(PING_INTERVAL, pingInterval, MIN_PING_INTERVAL, "Redis is pinged at most every 10 ms");
    return new NearCacheSettings(maxEntries, maxLifetime, pingInterval);
  }

  /** A cache's own maximum (null: the manager's), checked: negative is a CacheException naming the cache. */
  long maxEntriesOf(String cacheName, Long cacheSetting) {
    if (cacheSetting == null) {
      return maxEntries;
    }
    if (cacheSetting < 0) {
      throw new CacheException("Cache " + cacheName + ": RedisCacheConfiguration.setNearCacheMaxEntries must be 0 (no"
          + " near cache) or more, or null to follow " + MAX_ENTRIES + ", but is " + cacheSetting);
    }
    return cacheSetting;
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
