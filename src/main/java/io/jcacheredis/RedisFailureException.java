package io.jcacheredis;

import javax.cache.CacheException;

/**
 * Redis could not do what an operation needed: unreachable, timed out, or answered with an error. The message names
 * the server (host, port, database; never the password) and the cause is the Redis client's exception. Caches
 * configured to ignore exceptions treat exactly these as misses and dropped writes.
 */
public class RedisFailureException extends CacheException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, naming the server (never its password)
   * @param cause the Redis client's exception
   */
  public RedisFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
