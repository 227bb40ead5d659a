package io.jcacheredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import redis.embedded.RedisServer;

/**
 * Extra Redis servers for the connection tests (Unix socket, TLS, passwords): the embedded Redis 6.2 binary, started
 * on a free loopback port with the given redis.conf lines and stopped by {@link Server#close()}.
 */
final class ConnectionTestServers {

  private ConnectionTestServers() {
  }

  /** A started server; {@link #port()} is its plain TCP port. */
  static final class Server implements AutoCloseable {
    private final RedisServer redis;
    private final int port;

    private Server(RedisServer redis, int port) {
      this.redis = redis;
      this.port = port;
    }

    int port() {
      return port;
    }

    @Override
    public void close() {
      try {
        redis.stop();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts a server on a free port with the given configuration lines ({@code "requirepass x"}). */
  static Server start(String... settings) throws IOException {
    int port = TestRedis.freePort();
    return new Server(TestRedis.startServer(port, settings), port);
  }

  /**
   * A CacheManager with its own class loader, so the provider never hands back a manager another test opened with
   * other Properties. Close it.
   */
  static CacheManager manager(String uri, Properties properties) {
    ClassLoader loader = new URLClassLoader(new URL[0], ConnectionTestServers.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(URI.create(uri), loader, properties);
  }

  static CacheManager manager(String uri) {
    return manager(uri, new Properties());
  }
}
