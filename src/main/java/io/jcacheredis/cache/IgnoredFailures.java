package io.jcacheredis.cache;

import io.jcacheredis.RedisFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Decides what a Redis failure becomes in a cache that ignores them: it is swallowed (the caller gets a miss or a
 * dropped write) and, when asked, logged as a WARN to a named logger, like the reference's
 * {@code LOG_IGNORED_EXCEPTIONS} / {@code LOGGER}. Anything that is not a Redis failure (bad arguments, a closed cache,
 * a failing loader or writer) still propagates.
 */
final class IgnoredFailures {

  private final String cacheName;
  private final Logger logger;

  /** @param loggerName where ignored failures are logged, or null not to log them */
  IgnoredFailures(String cacheName, String loggerName) {
    this.cacheName = cacheName;
    this.logger = loggerName == null ? null : LoggerFactory.getLogger(loggerName);
  }

  static boolean isRedisFailure(RuntimeException e) {
    return e instanceof RedisFailureException || e instanceof JedisException;
  }

  /**
   * What a call of the async extension that failed with {@code e} completes with: {@code fallback} when {@code
   * ignored} is set and {@code e} is a Redis failure (logged as {@link #ignore} logs it); else {@code e} is rethrown.
   */
  static <T> T fallbackOrThrow(RuntimeException e, IgnoredFailures ignored, T fallback) {
    if (ignored == null || !isRedisFailure(e)) {
      throw e;
    }
    ignored.ignore("async operation", e);
    return fallback;
  }

  /** Rethrows what is not a Redis failure; logs a Redis failure (if configured) and returns normally. */
  void ignore(String operation, RuntimeException e) {
    if (!isRedisFailure(e)) {
      throw e;
    }
    if (logger != null) {
      logger.warn("Cache {}: {} ignored a Redis failure: {}", cacheName, operation, e.getMessage());
      logger.debug("Ignored Redis failure", e);
    }
  }
}
