package io.jcacheredis.configuration;

import java.util.Properties;

/**
 * The "memcached exceptions behaviour" of the django-async-redis reference, manager-wide: whether caches ignore Redis
 * failures, whether ignored failures are logged, and to which logger. Each is read from the CacheManager's
 * settings (configuration file, Properties, URL query), else from the system property of the same name. A cache can
 * override {@link #IGNORE_EXCEPTIONS} with {@link io.jcacheredis.RedisCacheConfiguration#setIgnoreExceptions(Boolean)},
 * and {@link #THROW_ON_UNREADABLE_VALUES} with
 * {@link io.jcacheredis.RedisCacheConfiguration#setThrowOnUnreadableValues(Boolean)}.
 */
public final class FailureOptions {

  /** All caches of the manager ignore Redis failures: reads miss, writes are dropped (default false). */
  public static final String IGNORE_EXCEPTIONS = "jcache.redis.ignore-exceptions";
  /** Ignored failures are logged as WARN (default false, as in the reference). */
  public static final String LOG_IGNORED_EXCEPTIONS = "jcache.redis.log-ignored-exceptions";
  /** The SLF4J logger that ignored failures go to (default {@code io.jcacheredis.IgnoredExceptions}). */
  public static final String LOGGER = "jcache.redis.logger";

  /**
   * A stored value that cannot be read makes reads throw a CacheException naming the cache, the key and the reason,
   * instead of being a miss logged as a WARN (default false).
   */
  public static final String THROW_ON_UNREADABLE_VALUES = "jcache.redis.throw-on-unreadable-values";

  static final String DEFAULT_LOGGER = "io.jcacheredis.IgnoredExceptions";

  private final boolean ignoreExceptions;
  private final String loggerName;
  private final boolean throwOnUnreadableValues;

  private FailureOptions(boolean ignoreExceptions, String loggerName, boolean throwOnUnreadableValues) {
    this.ignoreExceptions = ignoreExceptions;
    this.loggerName = loggerName;
    this.throwOnUnreadableValues = throwOnUnreadableValues;
  }

  /** Reads the failure settings from the manager's settings, falling back to the system properties of those names. */
  public static FailureOptions from(Properties settings) {
    boolean ignore = SettingLookup.bool(settings, IGNORE_EXCEPTIONS, false);
    boolean log = SettingLookup.bool(settings, LOG_IGNORED_EXCEPTIONS, false);
    boolean throwOnUnreadable = SettingLookup.bool(settings, THROW_ON_UNREADABLE_VALUES, false);
    return new FailureOptions(ignore, log ? SettingLookup.get(settings, LOGGER, DEFAULT_LOGGER) : null,
        throwOnUnreadable);
  }

  /** Whether a cache ignores failures, given its own setting (null: follow the manager). */
  public boolean ignoreExceptions(Boolean cacheSetting) {
    return cacheSetting == null ? ignoreExceptions : cacheSetting;
  }

  /** Whether a cache throws on unreadable values, given its own setting (null: follow the manager). */
  public boolean throwOnUnreadableValues(Boolean cacheSetting) {
    return cacheSetting == null ? throwOnUnreadableValues : cacheSetting;
  }

  /** The logger for ignored failures, or null when they are not logged. */
  public String loggerName() {
    return loggerName;
  }
}
