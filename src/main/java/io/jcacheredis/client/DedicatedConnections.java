package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.cache.CacheException;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Connections of their own, outside the manager's pools and multiplexed connections, for what holds a connection for
 * long (a Pub/Sub subscription): to the server, to the master the sentinels name at the time of each connect, or to
 * each master of a Redis Cluster. They are set up as the pool's connections are ({@link RedisClients#clientConfig}: AUTH, SELECT,
 * TLS, the socket timeout).
 */
public final class DedicatedConnections {

  /**
   * Opens a new connection to one node each time it is asked.
   *
   * @param node the node, for logs
   * @param open connects (throws a Jedis exception when it cannot)
   */
  public record Connector(String node, Supplier<Connection> open) {
  }

  private DedicatedConnections() {
  }

  /**
   * One connector per master: the one server (or sentinel-named master), or every master of the cluster now.
   *
   * @throws CacheException for a client a {@value RedisSettings#CLIENT_FACTORY} made, whose nodes are not known
   */
  public static List<Connector> toMasters(UnifiedJedis client, RedisSettings settings, String purpose) {
    JedisClientConfig config = RedisClients.clientConfig(settings);
    if (client instanceof ClusterClient cluster) {
      List<Connector> connectors = new ArrayList<>();
      for (ClusterClient.Master master : cluster.masters(true)) {
        HostAndPort node = HostAndPort.from(master.node());
        connectors.add(new Connector(master.node(), () -> connect(node, settings, config)));
      }
      return connectors;
    }
    if (client instanceof ServerClient || client instanceof MultiplexedClient) {
      if (settings.endpoint().isSentinel()) {
        return List.of(new Connector(settings.endpoint().toString(),
            () -> connect(currentMaster(settings), settings, config)));
      }
      return List.of(new Connector(settings.endpoint().toString(),
          () -> new Connection(RedisClients.socketFactory(settings), config)));
    }
    throw new CacheException(purpose + " needs the provider's own Redis client, but the manager's client was made"
        + " by the " + RedisSettings.CLIENT_FACTORY + " " + client.getClass().getName()
        + ": turn it off, or leave out the " + RedisSettings.CLIENT_FACTORY);
  }

  /**
   * One connector to whichever node answers: the server (or sentinel-named master), or on a cluster a master of the
   * topology read again at each connect (so it follows failovers): enough for channels a cluster broadcasts to
   * every node, such as those of PUBLISH.
   *
   * @throws CacheException for a client a {@value RedisSettings#CLIENT_FACTORY} made, whose nodes are not known
   */
  public static Connector toAnyNode(UnifiedJedis client, RedisSettings settings, String purpose) {
    if (client instanceof ClusterClient cluster) {
      JedisClientConfig config = RedisClients.clientConfig(settings);
      return new Connector(settings.endpoint().toString(), () -> anyMaster(cluster, settings, config));
    }
    return toMasters(client, settings, purpose).get(0);
  }

  /** A connection to the first master of the cluster's current topology that accepts one. */
  private static Connection anyMaster(ClusterClient cluster, RedisSettings settings, JedisClientConfig config) {
    RuntimeException failure = null;
    for (ClusterClient.Master master : cluster.masters(true)) {
      try {
        return connect(HostAndPort.from(master.node()), settings, config);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static Connection connect(HostAndPort node, RedisSettings settings, JedisClientConfig config) {
    return new Connection(settings.endpoint().ssl() ? new TlsSocketFactory(node, config)
        : new DefaultJedisSocketFactory(node, config), config);
  }

  /** The master the sentinels name now (asked at each connect, so it follows failovers). */
  private static HostAndPort currentMaster(RedisSettings settings) {
    JedisClientConfig config = SentinelConnections.sentinelConfig(settings);
    String master = settings.endpoint().sentinelMaster();
    RuntimeException failure = null;
    for (RedisEndpoint.Node node : settings.endpoint().sentinels()) {
      try (Connection sentinel = new Connection(new HostAndPort(node.host(), node.port()), config)) {
        List<?> address = (List<?>) sentinel.executeCommand(new CommandArguments(Protocol.Command.SENTINEL)
            .add("get-master-addr-by-name").add(master));
        if (address != null && address.size() == 2) {
          return new HostAndPort(SafeEncoder.encode((byte[]) address.get(0)),
              Integer.parseInt(SafeEncoder.encode((byte[]) address.get(1))));
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw new JedisConnectionException("No sentinel of " + settings.endpoint() + " names master " + master, failure);
  }
}
