package io.jcacheredis.client;

import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link ClusterTransport} of the {@code pooled} connection mode: each call borrows a connection of the node's
 * pool once the node's {@link ConnectionGate} admits it, for its whole round trip.
 */
final class PooledClusterTransport implements ClusterTransport {

  private final ClusterNodes nodes;

  PooledClusterTransport(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<Object> sendAll(HostAndPort node, List<CommandArguments> commands) throws NotSent {
    ConnectionGate gate = nodes.gate(node);
    gate.enter();
    try {
      Connection opened;
      try {
        opened = nodes.provider().getConnection(node);
      } catch (JedisException e) {
        throw new NotSent(e);
      }
      try (Connection connection = opened) {
        for (CommandArguments command : commands) {
          connection.sendCommand(command);
        }
        return connection.getMany(commands.size());
      }
    } finally {
      gate.exit();
    }
  }

  @Override
  public <T> T execute(ClusterClient.Master master, CommandObject<T> command) {
    HostAndPort node = HostAndPort.from(master.node());
    ConnectionGate gate = nodes.gate(node);
    gate.enter();
    try (Connection connection = master.pool().getResource()) {
      return connection.executeCommand(command);
    } catch (JedisException e) {
      throw nodes.failure(e, node);
    } finally {
      gate.exit();
    }
  }

  @Override
  public void close() {
    // the pools are the provider's, closed with it
  }
}
