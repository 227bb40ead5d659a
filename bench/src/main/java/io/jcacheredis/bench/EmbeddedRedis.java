package io.jcacheredis.bench;

import io.jcacheredis.ClusterTestServers;
import io.jcacheredis.TestRedis;
import java.io.IOException;
import redis.embedded.RedisServer;

/**
 * The Redis the benchmark starts when none is given: one embedded Redis 6.2, or a Redis Cluster of {@value #MASTERS}
 * of them, both on loopback without persistence. Started by the provider's own test helpers ({@link TestRedis},
 * {@link ClusterTestServers}, from the {@code jcache-redis} test-jar), so the benchmark runs on the same servers as
 * the tests and the TCK.
 */
final class EmbeddedRedis implements AutoCloseable {

  /** Masters of the embedded cluster (no replicas: the benchmark measures the clients, not failover). */
  static final int MASTERS = 3;

  private final String url;
  private final AutoCloseable servers;
  private boolean closed;

  private EmbeddedRedis(String url, AutoCloseable servers) {
    this.url = url;
    this.servers = servers;
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-redis-stop"));
  }

  /** One server on a free port. */
  static EmbeddedRedis server() throws IOException {
    int port = TestRedis.freePort();
    RedisServer server = TestRedis.startServer(port);
    return new EmbeddedRedis("redis://127.0.0.1:" + port, server::stop);
  }

  /** A cluster of {@value #MASTERS} masters, the slots split evenly, ready when this returns. */
  static EmbeddedRedis cluster() throws IOException {
    ClusterTestServers cluster = ClusterTestServers.start(MASTERS);
    return new EmbeddedRedis(cluster.url(), cluster);
  }

  /** {@code redis://127.0.0.1:<port>}, or {@code redis-cluster://127.0.0.1:<p1>,...} naming every master. */
  String url() {
    return url;
  }

  /** Stops the server(s); the shutdown hook calls it too, so it runs once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      servers.close();
    } catch (Exception e) {
      System.err.println("Stopping the embedded Redis failed: " + e);
    }
  }
}
