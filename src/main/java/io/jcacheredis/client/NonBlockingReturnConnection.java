package io.jcacheredis.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;

/**
 * A pooled connection whose caller never waits for the pool to replace it. When a connection breaks (a timeout, a
 * reset), commons-pool destroys it and, in the same thread, opens a replacement for callers waiting on the pool;
 * while Redis is unreachable that costs the caller, who already waited out the socket timeout, a second connect
 * and handshake timeout. A broken connection is therefore given back on a background thread.
 */
final class NonBlockingReturnConnection extends Connection {

  private static final Logger LOG = LoggerFactory.getLogger(NonBlockingReturnConnection.class);

  /** At most one thread per broken connection being given back; idle threads end after a few seconds. */
  private static final ExecutorService RETURNS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
      new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "jcache-redis-broken-connection-return");
        thread.setDaemon(true);
        return thread;
      });

  private NonBlockingReturnConnection(Connection.Builder builder) {
    super(builder);
  }

  /** The pool's factory of such connections (it connects and initializes them as Jedis' own factory does). */
  static ConnectionFactory factory(JedisSocketFactory socketFactory, JedisClientConfig config) {
    Connection.Builder connections = new Connection.Builder() {
      @Override
      protected Connection createConnection() {
        return new NonBlockingReturnConnection(this);
      }
    };
    connections.socketFactory(socketFactory).clientConfig(config);
    return ConnectionFactory.builder().socketFactory(socketFactory).clientConfig(config)
        .connectionBuilder(connections).build();
  }

  @Override
  public void close() {
    if (!isBroken()) {
      super.close();
      return;
    }
    RETURNS.execute(() -> {
      try {
        super.close();
      } catch (RuntimeException e) {
        // the broken connection is destroyed either way; this is the replacement that could not be opened
        LOG.debug("Giving back a broken Redis connection: {}", e.toString());
      }
    });
  }
}
