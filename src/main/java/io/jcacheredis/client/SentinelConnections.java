package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * The connections of a {@code redis-sentinel://} endpoint: a pool of connections to the master the sentinels name,
 * replaced when they announce a failover ({@code +switch-master}; Jedis' {@link SentineledConnectionProvider}).
 *
 * <p>The sentinels are asked on first use, not when the manager is created, so a manager can be created while they
 * are unreachable (as with one server); a failed first use is retried by the next call. Failures are JedisExceptions,
 * which {@link RedisFailures} turns into {@code RedisFailureException}s naming the master name and the sentinels.
 */
final class SentinelConnections implements ConnectionProvider {

  /** How long the listener of a sentinel waits before subscribing again after losing its connection. */
  private static final long RESUBSCRIBE_MILLIS = 1000;

  private final String master;
  private final JedisClientConfig masterConfig;
  private final ConnectionPoolConfig poolConfig;
  private final Set<HostAndPort> sentinels;
  private final JedisClientConfig sentinelConfig;
  private volatile SentineledConnectionProvider provider;
  private boolean closed;

  private SentinelConnections(String master, JedisClientConfig masterConfig, ConnectionPoolConfig poolConfig,
      Set<HostAndPort> sentinels, JedisClientConfig sentinelConfig) {
    this.master = master;
    this.masterConfig = masterConfig;
    this.poolConfig = poolConfig;
    this.sentinels = sentinels;
    this.sentinelConfig = sentinelConfig;
  }

  /** The connections to the master of a Sentinel endpoint, with the settings' timeouts, pool and credentials. */
  static SentinelConnections create(RedisSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    Set<HostAndPort> sentinels = new LinkedHashSet<>();
    for (RedisEndpoint.Node node : endpoint.sentinels()) {
      sentinels.add(new HostAndPort(node.host(), node.port()));
    }
    return new SentinelConnections(endpoint.sentinelMaster(), RedisClients.clientConfig(settings),
        RedisClients.poolConfig(settings), sentinels, sentinelConfig(settings));
  }

  /** How the sentinels are reached: the settings' timeouts and client name, the sentinel user and password. */
  static JedisClientConfig sentinelConfig(RedisSettings settings) {
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .resp2()
        .socketTimeoutMillis(settings.timeoutMillis())
        .connectionTimeoutMillis(settings.connectTimeoutMillis());
    if (settings.sentinelUser() != null) {
      config.user(settings.sentinelUser());
    }
    if (settings.sentinelPassword() != null) {
      config.password(settings.sentinelPassword());
    }
    if (settings.clientName() != null) {
      config.clientName(settings.clientName());
    }
    return config.build();
  }

  @SuppressWarnings("deprecation") // the constructor with a resubscribe delay in millis; its replacement takes a Delay
  private SentineledConnectionProvider provider() {
    SentineledConnectionProvider current = provider;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("The client of master " + master + " is closed");
      }
      if (provider == null) {
        provider = new SentineledConnectionProvider(master, masterConfig, poolConfig, sentinels, sentinelConfig,
            RESUBSCRIBE_MILLIS);
      }
      return provider;
    }
  }

  /** The master's address as the sentinels last announced it, or null before first use. */
  HostAndPort currentMaster() {
    SentineledConnectionProvider current = provider;
    return current == null ? null : current.getCurrentMaster();
  }

  /**
   * Opens multiplexed connections to the master the sentinels name now; a connection to a master they no longer name
   * is not current (its link is replaced).
   */
  LinkOpener linkOpener(RedisEndpoint endpoint) {
    return new LinkOpener() {
      @Override
      public MuxConnection open() {
        HostAndPort now = provider().getCurrentMaster();
        return MuxConnection.open(new DefaultJedisSocketFactory(now, masterConfig), masterConfig);
      }

      @Override
      public boolean isCurrent(MuxConnection connection) {
        HostAndPort now = currentMaster();
        return now == null || now.equals(connection.getHostAndPort());
      }

      @Override
      public String where() {
        return endpoint.toString();
      }
    };
  }

  @Override
  public Connection getConnection() {
    return provider().getConnection();
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    return provider().getConnection(args);
  }

  @Override
  public Map<?, ?> getConnectionMap() {
    return provider().getConnectionMap();
  }

  @Override
  public Map<?, ?> getPrimaryNodesConnectionMap() {
    return provider().getPrimaryNodesConnectionMap();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (provider != null) {
      provider.close(); // stops the sentinel listeners and closes the master's pool
    }
  }
}
