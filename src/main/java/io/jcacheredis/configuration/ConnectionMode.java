package io.jcacheredis.configuration;

import java.util.Locale;
import javax.cache.CacheException;

/**
 * How a manager's built-in client uses its connections to a Redis server ({@value RedisSettings#CONNECTION_MODE}).
 */
public enum ConnectionMode {

  /** Each call borrows a connection of a pool for its round trip (the default). */
  POOLED,
  /**
   * Concurrent calls share a few connections per server ({@value RedisSettings#MULTIPLEXED_CONNECTIONS}): their
   * commands are written together and the replies matched in order.
   */
  MULTIPLEXED;

  /** The setting's text: {@code pooled} or {@code multiplexed}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a setting's text names (any case, trimmed); anything else is a CacheException naming the setting. */
  static ConnectionMode parse(String text) {
    for (ConnectionMode mode : values()) {
      if (mode.text().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new CacheException("Setting " + RedisSettings.CONNECTION_MODE + " must be pooled or multiplexed, but is '"
        + text + "'");
  }
}
