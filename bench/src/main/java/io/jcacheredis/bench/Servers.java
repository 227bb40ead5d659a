package io.jcacheredis.bench;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/** The Redis server of a benchmark fork, and the raw client built like the provider builds its own. */
final class Servers {

  /** System property naming the server (the provider reads the same one). */
  static final String URL_PROPERTY = "jcache.redis.url";
  /** Environment variable naming the server (the provider reads the same one). */
  static final String URL_ENV = "JCACHE_REDIS_URL";
  /** Connections in each pool: the provider's default, and the raw client's. */
  static final int POOL_SIZE = 16;

  private Servers() {
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

  /**
   * A pooled {@link RedisClient} with the provider's settings: pool of {@value #POOL_SIZE}, RESP2, 2 s timeouts, JMX
   * off, same database.
   */
  static RedisClient rawClient() {
    URI uri = URI.create(url());
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .resp2()
        .socketTimeoutMillis(2000)
        .connectionTimeoutMillis(2000)
        .database(JedisURIHelper.getDBIndex(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri));
    String user = JedisURIHelper.getUser(uri);
    String password = JedisURIHelper.getPassword(uri);
    if (user != null) {
      client.user(user);
    }
    if (password != null) {
      client.password(password);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofMillis(2000));
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
  }
}
