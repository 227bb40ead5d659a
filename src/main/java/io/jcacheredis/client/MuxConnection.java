package io.jcacheredis.client;

import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;

/**
 * A connection that a {@link MuxLink} writes to and reads from on different threads: commands are written without a
 * flush ({@link #sendCommand(redis.clients.jedis.CommandArguments)}) and flushed together ({@link #flushWrites}),
 * replies read one at a time ({@link #getUnflushedObject}). Opened and initialized (AUTH, SELECT, CLIENT SETNAME) as
 * Jedis' own connections are.
 */
final class MuxConnection extends Connection {

  private MuxConnection(Connection.Builder builder) {
    super(builder);
  }

  /** Connects and initializes a connection; a failure is a {@code JedisConnectionException}. */
  static MuxConnection open(JedisSocketFactory socketFactory, JedisClientConfig config) {
    Connection.Builder builder = new Connection.Builder() {
      @Override
      protected Connection createConnection() {
        return new MuxConnection(this);
      }
    };
    return (MuxConnection) builder.socketFactory(socketFactory).clientConfig(config).build();
  }

  /** Sends what was written since the last flush. */
  void flushWrites() {
    flush();
  }

  /** Closes the socket at once, without flushing what is unwritten (the server may not be reading). */
  void closeNow() {
    try {
      forceDisconnect();
    } catch (java.io.IOException e) {
      // forceDisconnect closes quietly; its signature still names the exception
      throw new java.io.UncheckedIOException(e);
    }
  }
}
