package io.jcacheredis.configuration;

import java.util.Properties;
import javax.cache.CacheException;

/**
 * Entry events across JVMs, manager-wide: whether the caches' listeners also hear the changes other JVMs make and the
 * entries that expire inside Redis, and how long a JVM's announcement that it listens lasts. Each is read from the
 * CacheManager's settings (configuration file, Properties, URL query), else from the system property of the same
 * name. A cache can override {@link #REMOTE} with {@link io.jcacheredis.RedisCacheConfiguration#setRemoteEvents}.
 */
public final class EventOptions {

  /**
   * Listeners also receive the created, updated and removed events of changes other JVMs make to the cache, and
   * EXPIRED events of entries that expire inside Redis (default false).
   */
  public static final String REMOTE = "jcache.redis.events.remote";

  /**
   * How long, in milliseconds, a JVM's announcement that it has listeners on a cache lasts unless renewed (it is
   * renewed every third of it), so how long other JVMs go on publishing for a JVM that stopped without saying so
   * (default 30000, at least 1000).
   */
  public static final String LEASE = "jcache.redis.events.lease.millis";

  private static final long MIN_LEASE_MILLIS = 1_000;

  private final boolean remote;
  private final long leaseMillis;

  private EventOptions(boolean remote, long leaseMillis) {
    this.remote = remote;
    this.leaseMillis = leaseMillis;
  }

  /**
   * Reads the event settings from the manager's settings, falling back to the system properties of those names.
   *
   * @throws CacheException naming the setting when a value is not valid
   */
  public static EventOptions from(Properties settings) {
    long lease = SettingLookup.number(settings, LEASE, 30_000);
    if (lease < MIN_LEASE_MILLIS) {
      throw new CacheException("Setting " + LEASE + " must be at least " + MIN_LEASE_MILLIS + " (milliseconds), but"
          + " is " + lease);
    }
    return new EventOptions(SettingLookup.bool(settings, REMOTE, false), lease);
  }

  /** Whether a cache hears other JVMs' changes, given its own setting (null: follow the manager). */
  public boolean remote(Boolean cacheSetting) {
    return cacheSetting == null ? remote : cacheSetting;
  }

  /** {@value #LEASE}. */
  public long leaseMillis() {
    return leaseMillis;
  }
}
