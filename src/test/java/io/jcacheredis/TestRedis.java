package io.jcacheredis;

import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * The Redis server of the test run: an embedded Redis 6.2 started once per test JVM, or the server named by
 * {@code -Djcache.redis.url} / {@code JCACHE_REDIS_URL} (to run the same tests against Redis 7 or Valkey). It sets
 * the system property, so {@code Caching.getCachingProvider().getCacheManager()} reaches it like an application's
 * default manager does.
 */
public final class TestRedis {

  private static String url;
  private static RedisServer embedded;

  private TestRedis() {
  }

  /** The server's URL, starting the embedded server on first use. */
  public static synchronized String url() {
    if (url == null) {
      String configured = System.getProperty(RedisSettings.URL, System.getenv(RedisSettings.URL_ENV));
      url = configured == null || configured.isBlank() ? startEmbedded() : configured;
      System.setProperty(RedisSettings.URL, url);
    }
    return url;
  }

  public static URI uri() {
    return URI.create(url());
  }

  private static String startEmbedded() {
    try {
      int port = freePort();
      embedded = startServer(port);
      Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stop));
      return "redis://127.0.0.1:" + port;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded Redis", e);
    }
  }

  /** Stops the embedded server (for failure tests); {@link #restart()} starts it again on the same port. */
  public static synchronized void stop() {
    if (embedded != null && embedded.isActive()) {
      try {
        embedded.stop();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts an embedded Redis of a test's own on loopback, without persistence, with extra configuration lines
   * ({@code "requirepass x"}): for tests that stop, restart or reconfigure their server.
   */
  public static RedisServer startServer(int port, String... settings) throws IOException {
    RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no");
    for (String setting : settings) {
      builder.setting(setting);
    }
    RedisServer server = builder.build();
    server.start();
    return server;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A raw client on the same server, to look at what the provider stored. */
  public static RedisClient raw() {
    URI uri = uri();
    return RedisClient.create(uri);
  }

  /** The default CacheManager, found the way applications find it. */
  public static CacheManager defaultManager() {
    url();
    return Caching.getCachingProvider().getCacheManager();
  }

  /**
   * A CacheManager with its own connection pool, as another JVM would have: same server, another class loader
   * (managers are scoped by URI and class loader).
   */
  public static CacheManager separateManager() {
    ClassLoader loader = new URLClassLoader(new URL[0], TestRedis.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(uri(), loader);
  }

  /** A cache name no other test uses. */
  public static String uniqueName(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
