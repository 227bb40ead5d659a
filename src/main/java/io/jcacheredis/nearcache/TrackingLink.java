package io.jcacheredis.nearcache;

import redis.clients.jedis.UnifiedJedis;

/**
 * The connection of one master whose {@code CLIENT TRACKING ON REDIRECT <subscriber> BCAST PREFIX <prefix>} makes
 * Redis announce every change of a key under the prefix to the subscriber, and that may carry this JVM's
 * near-cached writes, which Redis then does not announce back ({@code NOLOOP}): {@link OwnWritesTracking}.
 */
interface TrackingLink extends AutoCloseable {

  /** Checks the connection with a PING answered on it; a failure is a RuntimeException. */
  void ping();

  /**
   * A client of this very connection, whose writes Redis does not announce back to this JVM, or null when writes do
   * not go over it.
   */
  UnifiedJedis ownWrites();

  @Override
  void close();
}
