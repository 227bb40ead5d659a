package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The built-in client of one server or of the master a sentinel names: its commands and pipelines are admitted to the
 * connection pool by one {@link ConnectionGate}, and its failures are {@code RedisFailureException}s naming the server
 * ({@link RedisFailures}). It is what {@code manager.unwrap(UnifiedJedis.class)} returns for such a manager.
 */
public final class ServerClient extends UnifiedJedis {

  private final ConnectionProvider connections;
  private final ConnectionGate gate;
  private final LinkSource links;

  private ServerClient(ConnectionProvider connections, ConnectionGate gate, RedisFailures failures,
      LinkSource links) {
    super(failures, connections, RedisProtocol.RESP2, null);
    this.connections = connections;
    this.gate = gate;
    this.links = links;
  }

  /**
   * A client over a pool (or a sentinel's pools), admitting at most the settings' max-total callers at a time.
   *
   * @param links opens multiplexed connections to the same server, for a {@link SingleLinkClient}
   */
  static ServerClient create(ConnectionProvider connections, LinkOpener links, RedisSettings settings) {
    ConnectionGate gate = gate(connections, settings);
    RedisFailures failures = new RedisFailures(connections, gate, settings.endpoint());
    return new ServerClient(connections, gate, failures, new LinkSource(links, failures, settings));
  }

  /** How a {@link SingleLinkClient} to this server is opened. */
  LinkSource links() {
    return links;
  }

  /** The gate in front of a pool (or a sentinel's pools) of the settings' max-total connections. */
  static ConnectionGate gate(ConnectionProvider connections, RedisSettings settings) {
    return new ConnectionGate(settings.endpoint().toString(), settings, () -> pool(connections).getNumIdle());
  }

  /** The connection pool now (a sentinel's changes when the master does), for its counters. */
  public Pool<Connection> pool() {
    return pool(connections);
  }

  @SuppressWarnings("unchecked")
  static Pool<Connection> pool(ConnectionProvider connections) {
    return (Pool<Connection>) connections.getConnectionMap().values().iterator().next();
  }

  /** A pipeline on one connection, admitted by the gate; the permit is given back when the pipeline is closed. */
  @Override
  public AbstractPipeline pipelined() {
    gate.enter();
    try {
      return new GatedPipeline(connections.getConnection(), gate);
    } catch (RuntimeException e) {
      gate.exit();
      throw e;
    }
  }

  /** A pipeline that gives its gate permit back once, when closed. */
  private static final class GatedPipeline extends Pipeline {
    private final ConnectionGate gate;
    private boolean closed;

    GatedPipeline(Connection connection, ConnectionGate gate) {
      super(connection, true);
      this.gate = gate;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        if (!closed) {
          closed = true;
          gate.exit();
        }
      }
    }
  }
}
