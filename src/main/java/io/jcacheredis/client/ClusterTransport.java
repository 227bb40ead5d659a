package io.jcacheredis.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How {@link ClusterClient} reaches one node for the pipelines of multi-key operations and the commands it sends to
 * each master (SCAN, SCRIPT LOAD): a pooled connection admitted by the node's gate ({@link PooledClusterTransport}),
 * or the node's shared connections ({@link ClusterMultiplexers}). Routing, redirections and retries stay in the
 * client.
 */
interface ClusterTransport extends AutoCloseable {

  /**
   * Sends the commands one after the other to a node and returns their raw replies in order (an error reply as its
   * {@code JedisDataException}).
   *
   * @throws NotSent when no connection to the node could be had: none of the commands was sent
   * @throws JedisException when the connection failed after the commands were sent (they may have run)
   */
  List<Object> sendAll(HostAndPort node, List<CommandArguments> commands) throws NotSent;

  /** One command on a master; a failure is a {@code RedisFailureException} naming the node. */
  <T> T execute(ClusterClient.Master master, CommandObject<T> command);

  /**
   * One command on a node without a thread waiting for the reply: the future completes, on the thread that reads
   * it, as {@link #execute} returns or throws. Only the shared connections of the multiplexed mode can; pooled
   * connections are held for the whole call.
   *
   * @throws UnsupportedOperationException when this transport has no shared connections
   */
  default <T> CompletableFuture<T> executeAsync(HostAndPort node, CommandObject<T> command) {
    throw new UnsupportedOperationException("Pooled cluster connections send " + command.getArguments().getCommand()
        + " only blocking; sending without waiting needs the multiplexed connection mode");
  }

  /** Lets go of the nodes that are no longer masters (their shared connections, if any, are closed). */
  default void retainMasters(Set<String> masters) {
  }

  /** The shared connections open now, over all nodes (none for pooled connections, which are not shared). */
  default int sharedConnections() {
    return 0;
  }

  @Override
  void close();

  /** No connection to the node could be had, so nothing was sent; the cause is the connection's failure. */
  final class NotSent extends Exception {
    private static final long serialVersionUID = 1L;

    NotSent(JedisException cause) {
      super(cause.getMessage(), cause);
    }

    /** The failure to get a connection. */
    JedisException failure() {
      return (JedisException) getCause();
    }
  }
}
