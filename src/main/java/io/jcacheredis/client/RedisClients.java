package io.jcacheredis.client;

import io.jcacheredis.configuration.ConnectionMode;
import io.jcacheredis.configuration.RedisClientFactory;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.time.Duration;
import javax.cache.CacheException;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Builds the Redis client of a cache manager from its settings: the {@value RedisSettings#CLIENT_FACTORY} when one is
 * given, else the built-in pool ({@link #createDefault}). The public pieces ({@link #clientConfig}, {@link
 * #poolConfig}, {@link #socketFactory}) let a {@link RedisClientFactory} build on what the settings say.
 */
public final class RedisClients {

  private static final String JUNIXSOCKET_CLASS = "org.newsclub.net.unix.AFUNIXSocket";

  private RedisClients() {
  }

  /** The manager's client: made by the configured {@link RedisClientFactory}, else {@link #createDefault}. */
  public static UnifiedJedis create(RedisSettings settings) {
    ClientLibraries.require();
    RedisClientFactory factory = settings.clientFactory();
    if (factory == null) {
      return createDefault(settings);
    }
    UnifiedJedis client;
    try {
      client = factory.create(settings);
    } catch (CacheException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheException("The " + RedisSettings.CLIENT_FACTORY + " " + factory.getClass().getName()
          + " failed to create a client for " + settings.endpoint() + " (" + e + ")", e);
    }
    if (client == null) {
      throw new CacheException("The " + RedisSettings.CLIENT_FACTORY + " " + factory.getClass().getName()
          + " returned no client for " + settings.endpoint());
    }
    return client;
  }

  /**
   * The built-in client: a pool of connections (TCP, TLS or Unix socket) whose failures are CacheExceptions naming
   * the server, never the password. For a {@code redis-cluster://} endpoint, a cluster client with one such pool
   * per node, whose failures name the node and the cluster. For a {@code redis-sentinel://} endpoint, a pool of
   * connections to the master the sentinels name, moved to the new master when they fail over; its failures name
   * the master name and the sentinels. With {@value RedisSettings#CONNECTION_MODE}{@code =multiplexed}, one server
   * or a sentinel's master is served by a {@link MultiplexedClient}, and each master of a cluster by shared
   * connections of its own (a {@link ClusterClient} in that mode).
   */
  public static UnifiedJedis createDefault(RedisSettings settings) {
    boolean multiplexed = settings.connectionMode() == ConnectionMode.MULTIPLEXED;
    if (settings.endpoint().isCluster()) {
      return multiplexed ? ClusterClient.createMultiplexed(settings) : ClusterClient.create(settings);
    }
    if (settings.endpoint().isSentinel()) {
      SentinelConnections sentinel = SentinelConnections.create(settings);
      return multiplexed ? MultiplexedClient.create(sentinel.linkOpener(settings.endpoint()), sentinel, settings)
          : ServerClient.create(sentinel, sentinel.linkOpener(settings.endpoint()), settings);
    }
    JedisClientConfig config = clientConfig(settings);
    JedisSocketFactory sockets = socketFactory(settings, config);
    ConnectionFactory connectionFactory = NonBlockingReturnConnection.factory(sockets, config);
    PooledConnectionProvider pool = new PooledConnectionProvider(connectionFactory, poolConfig(settings));
    LinkOpener links = serverLinks(sockets, config, settings.endpoint());
    return multiplexed ? MultiplexedClient.create(links, pool, settings) : ServerClient.create(pool, links, settings);
  }

  /** Opens the multiplexed connections of one server. */
  private static LinkOpener serverLinks(JedisSocketFactory sockets, JedisClientConfig config, RedisEndpoint server) {
    return new LinkOpener() {
      @Override
      public MuxConnection open() {
        return MuxConnection.open(sockets, config);
      }

      @Override
      public String where() {
        return server.toString();
      }
    };
  }

  /**
   * What each connection does once connected (AUTH with user and password, SELECT, CLIENT SETNAME; RESP2) and its
   * timeouts; for {@code rediss://} also the TLS trust ({@value RedisSettings#SSL_TRUSTSTORE}) and hostname check
   * ({@value RedisSettings#SSL_VERIFY_HOSTNAME}).
   */
  @SuppressWarnings("deprecation") // ssl, sslSocketFactory, sslParameters: Jedis 8 still honours them (SslOptions is
  // the newer way, with its own trust-store handling; TlsContexts builds the same factory and parameters)
  public static DefaultJedisClientConfig clientConfig(RedisSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .resp2()
        .socketTimeoutMillis(settings.timeoutMillis())
        .connectionTimeoutMillis(settings.connectTimeoutMillis())
        .database(endpoint.database())
        .ssl(endpoint.ssl());
    if (endpoint.ssl()) {
      client.sslSocketFactory(TlsContexts.socketFactory(settings)).sslParameters(TlsContexts.parameters(settings));
    }
    if (endpoint.user() != null) {
      client.user(endpoint.user());
    }
    if (endpoint.password() != null) {
      client.password(endpoint.password());
    }
    if (settings.clientName() != null) {
      client.clientName(settings.clientName());
    }
    return client.build();
  }

  /** The pool sizes, wait, and idle checks of the {@code jcache.redis.pool.*} settings. */
  public static ConnectionPoolConfig poolConfig(RedisSettings settings) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolMaxTotal());
    pool.setMaxIdle(settings.poolMaxIdle());
    pool.setMinIdle(settings.poolMinIdle());
    pool.setMaxWait(Duration.ofMillis(settings.poolMaxWaitMillis()));
    pool.setTestOnBorrow(settings.poolTestOnBorrow());
    pool.setTestWhileIdle(settings.poolTestWhileIdle());
    pool.setTimeBetweenEvictionRuns(Duration.ofMillis(settings.poolTimeBetweenEvictionRunsMillis()));
    pool.setMinEvictableIdleDuration(Duration.ofMillis(settings.poolMinEvictableIdleMillis()));
    pool.setJmxEnabled(false);
    return pool;
  }

  /** How connections are opened: a Unix domain socket, TLS with an immediate handshake, or plain TCP. */
  public static JedisSocketFactory socketFactory(RedisSettings settings) {
    return socketFactory(settings, clientConfig(settings));
  }

  private static JedisSocketFactory socketFactory(RedisSettings settings, JedisClientConfig config) {
    RedisEndpoint endpoint = settings.endpoint();
    if (endpoint.isUnixSocket()) {
      requireJunixsocket(endpoint);
      return new UnixSocketFactory(endpoint.socketPath(), config.getConnectionTimeoutMillis(),
          config.getSocketTimeoutMillis());
    }
    HostAndPort server = new HostAndPort(endpoint.host(), endpoint.port());
    return endpoint.ssl() ? new TlsSocketFactory(server, config) : new DefaultJedisSocketFactory(server, config);
  }

  private static void requireJunixsocket(RedisEndpoint endpoint) {
    try {
      Class.forName(JUNIXSOCKET_CLASS, false, RedisClients.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException("Connecting to " + endpoint + " needs junixsocket on the class path (Java sockets"
          + " cannot reach a Unix domain socket): add the dependency com.kohlschutter.junixsocket:junixsocket-core"
          + " (type pom), version 2.10.1 or later");
    }
  }
}
