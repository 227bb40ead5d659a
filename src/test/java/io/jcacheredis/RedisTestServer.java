package io.jcacheredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * An embedded Redis 6.2 of one test's own on a free loopback port, without persistence, as
 * {@link RedisServerExtension} injects it: for tests that stop, restart, slow down or reconfigure their server,
 * which they must not do to the shared one of {@link TestRedis}. The extension stops it, and closes the raw clients
 * it handed out, when the test (or, injected into a {@code @BeforeAll} method, the class) is done.
 */
public final class RedisTestServer implements AutoCloseable {

  private final RedisServer server;
  private final int port;
  private final List<RedisClient> clients = new ArrayList<>();

  private RedisTestServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server with the given redis.conf lines ({@code "requirepass x"}). */
  static RedisTestServer start(String... settings) {
    try {
      int port = TestRedis.freePort();
      return new RedisTestServer(TestRedis.startServer(port, settings), port);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start an embedded Redis", e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, as failure messages name the server. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://" + address();
  }

  public URI uri() {
    return URI.create(url());
  }

  /**
   * A raw client of this server, to look at or disturb it from outside the provider (without a password: for a
   * server started with {@code requirepass}, make your own). Closed with the server.
   */
  public synchronized RedisClient raw() {
    RedisClient client = RedisClient.create("127.0.0.1", port);
    clients.add(client);
    return client;
  }

  public boolean isActive() {
    return server.isActive();
  }

  /** Stops the server, as an outage would; {@link #start()} starts it again on the same port. */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the stopped server again, on the same port, empty. */
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the raw clients and stops the server if it runs. */
  @Override
  public synchronized void close() {
    clients.forEach(RedisClient::close);
    clients.clear();
    if (server.isActive()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return "embedded Redis at " + address();
  }
}
