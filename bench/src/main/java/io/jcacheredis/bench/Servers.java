package io.jcacheredis.bench;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.spi.RedisCachingProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/** The Redis server of a benchmark fork, and the raw client built like the provider builds its own. */
final class Servers {

  /** System property naming the server (the provider reads the same one). */
  static final String URL_PROPERTY = "jcache.redis.url";
  /** Environment variable naming the server (the provider reads the same one). */
  static final String URL_ENV = "JCACHE_REDIS_URL";
  /** Connections in each pool: the provider's default, and the raw client's (on a cluster: per node). */
  static final int POOL_SIZE = 16;
  /** Socket, connect and pool-wait timeout: the provider's default. */
  static final int TIMEOUT_MILLIS = 2000;
  /** How often a cluster command is sent before it fails: the provider's jcache.redis.cluster.max-attempts default. */
  static final int CLUSTER_MAX_ATTEMPTS = 5;

  private Servers() {
  }

  /**
   * This project's provider, by name: the benchmark's class path also holds Caffeine's JCache provider (the
   * near-cache rows' ceiling), so {@code Caching.getCachingProvider()} without a name would fail.
   */
  static CachingProvider provider() {
    return Caching.getCachingProvider(RedisCachingProvider.class.getName());
  }

  /** The configured server, or null when none is configured. */
  static String configuredUrl() {
    String url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      url = System.getenv(URL_ENV);
    }
    return url == null || url.isBlank() ? null : url.trim();
  }

  /** The server a fork talks to: BenchMain always sets one (its embedded Redis, or the one it was given). */
  static String url() {
    String url = configuredUrl();
    if (url == null) {
      throw new IllegalStateException("No Redis server: run through BenchMain (bench/run.sh), or set -D"
          + URL_PROPERTY + " / " + URL_ENV);
    }
    return url;
  }

  /** Whether a URL names a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}). */
  static boolean isCluster(String url) {
    String scheme = url.toLowerCase(Locale.ROOT);
    return scheme.startsWith("redis-cluster://") || scheme.startsWith("rediss-cluster://");
  }

  /**
   * The raw client of the configured server, with the provider's default settings: pool of {@value #POOL_SIZE}
   * (per node on a cluster), RESP2, 2 s timeouts, JMX off; a {@link RedisClient}, or a {@link RedisClusterClient} for
   * a cluster URL.
   */
  static UnifiedJedis rawClient() {
    return isCluster(url()) ? rawClusterClient() : rawServerClient();
  }

  /** A pooled {@link RedisClient} on the one server: same database, user and password as the URL's. */
  private static RedisClient rawServerClient() {
    URI uri = URI.create(url());
    return RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(clientConfig(JedisURIHelper.getUser(uri), JedisURIHelper.getPassword(uri),
            JedisURIHelper.getDBIndex(uri), JedisURIHelper.isRedisSSLScheme(uri)))
        .poolConfig(poolConfig())
        .build();
  }

  /**
   * A {@link RedisClusterClient} seeded with the URL's nodes (parsed by the provider's own settings, so both sides
   * read the same user, password and TLS flag), retrying as the provider's cluster client does: {@value
   * #CLUSTER_MAX_ATTEMPTS} attempts, at most attempts x timeout in all.
   */
  private static RedisClusterClient rawClusterClient() {
    RedisEndpoint endpoint = RedisSettings.resolve(provider().getDefaultURI(), true,
        new Properties(), Servers.class.getClassLoader()).endpoint();
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (RedisEndpoint.Node node : endpoint.clusterNodes()) {
      nodes.add(new HostAndPort(node.host(), node.port()));
    }
    return RedisClusterClient.builder()
        .nodes(nodes)
        .clientConfig(clientConfig(endpoint.user(), endpoint.password(), 0, endpoint.ssl()))
        .poolConfig(poolConfig())
        .maxAttempts(CLUSTER_MAX_ATTEMPTS)
        .maxTotalRetriesDuration(Duration.ofMillis((long) TIMEOUT_MILLIS * CLUSTER_MAX_ATTEMPTS))
        .build();
  }

  @SuppressWarnings("deprecation") // ssl(boolean): the flag the provider sets too, for rediss:// URLs
  private static DefaultJedisClientConfig clientConfig(String user, String password, int database, boolean ssl) {
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .resp2()
        .socketTimeoutMillis(TIMEOUT_MILLIS)
        .connectionTimeoutMillis(TIMEOUT_MILLIS)
        .database(database)
        .ssl(ssl);
    if (user != null) {
      client.user(user);
    }
    if (password != null) {
      client.password(password);
    }
    return client.build();
  }

  private static ConnectionPoolConfig poolConfig() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    // No limit on the wait for a connection: with more threads than connections (the 256-thread row) commons-pool
    // lets some waiters miss every returned connection for seconds, and a failed call would end the JMH run; the
    // raw side is measured at its best, waiting as long as it takes.
    pool.setMaxWait(Duration.ofMillis(-1));
    pool.setJmxEnabled(false);
    return pool;
  }

  /** The number of masters of a cluster (CLUSTER NODES of one of its nodes). */
  @SuppressWarnings("deprecation") // sendCommand(command, String...): CLUSTER NODES has no typed method here
  static int masters(UnifiedJedis cluster) {
    String nodes = new String((byte[]) cluster.sendCommand(Protocol.Command.CLUSTER, "NODES"),
        StandardCharsets.UTF_8);
    return (int) nodes.lines().filter(line -> line.split(" ")[2].contains("master")).count();
  }
}
