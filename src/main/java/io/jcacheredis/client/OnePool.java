package io.jcacheredis.client;

import java.util.Map;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The connections of one master of a cluster, taken from its pool (which the cluster's client owns and closes): where
 * the commands of a {@link ClusterClient#openLink single-link client} that need a connection of their own go.
 */
final class OnePool implements ConnectionProvider {

  private final ClusterClient.Master master;

  OnePool(ClusterClient.Master master) {
    this.master = master;
  }

  @Override
  public Connection getConnection() {
    return master.pool().getResource();
  }

  @Override
  public Connection getConnection(CommandArguments arguments) {
    return getConnection();
  }

  @Override
  public Map<?, ?> getConnectionMap() {
    return Map.of(master.node(), master.pool());
  }

  /** Nothing: the pool is the cluster client's. */
  @Override
  public void close() {
  }
}
