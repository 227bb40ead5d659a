package io.jcacheredis.client;

/**
 * Opens the connections of a {@link Multiplexer} to the server it serves, and says whether an open one still reaches
 * that server (the master of a Redis Sentinel can move).
 */
interface LinkOpener {

  /** A new, initialized connection; a failure is a {@code JedisConnectionException}. */
  MuxConnection open();

  /** Whether a connection opened earlier still goes to the right server. */
  default boolean isCurrent(MuxConnection connection) {
    return true;
  }

  /** The server, as failures and thread names name it (never a password). */
  String where();
}
