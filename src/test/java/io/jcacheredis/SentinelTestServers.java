package io.jcacheredis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A master, a replica and one sentinel monitoring them as {@value #MASTER_NAME}, all embedded Redis 6.2 on
 * loopback, without persistence, the data nodes protected by {@link #PASSWORD}. The sentinel declares the master
 * down after one second and fails over with a quorum of one.
 */
final class SentinelTestServers implements AutoCloseable {

  static final String MASTER_NAME = "mymaster";
  static final String PASSWORD = "sentinel-test-secret";
  static final String HOST = "127.0.0.1";
  private static final long READY_TIMEOUT_MILLIS = 15_000;

  private final Path directory;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private RedisSentinel sentinel;
  private int sentinelPort;

  private SentinelTestServers(Path directory) {
    this.directory = directory;
  }

  /**
   * Starts master and replica, waits for the replication link, then starts the sentinel and waits until it knows
   * both.
   */
  static SentinelTestServers start() throws IOException {
    SentinelTestServers servers = new SentinelTestServers(Files.createTempDirectory("jcache-redis-sentinel"));
    try {
      int master = servers.startNode(null);
      servers.startNode(master);
      servers.awaitReplica(master);
      servers.startSentinel(master);
      return servers;
    } catch (IOException | RuntimeException e) {
      servers.close();
      throw e;
    }
  }

  private int startNode(Integer masterPort) throws IOException {
    int port = TestRedis.freePort();
    var builder = RedisServer.newRedisServer().port(port).bind(HOST)
        .setting("save \"\"").setting("appendonly no")
        .setting("dir " + directory.toAbsolutePath())
        .setting("requirepass " + PASSWORD).setting("masterauth " + PASSWORD);
    if (masterPort != null) {
      builder.setting("replicaof " + HOST + " " + masterPort);
    }
    RedisServer server = builder.build();
    server.start();
    servers.add(server);
    ports.add(port);
    return port;
  }

  private void awaitReplica(int masterPort) {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    try (Jedis master = node(masterPort)) {
      while (!master.info("replication").contains("connected_slaves:1")
          || !master.info("replication").contains("state=online")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("The replica did not connect: " + master.info("replication"));
        }
        sleep(50);
      }
    }
  }

  private void startSentinel(int masterPort) throws IOException {
    sentinelPort = TestRedis.freePort();
    Path config = directory.resolve("sentinel-" + sentinelPort + ".conf");
    Files.writeString(config, String.join("\n",
        "port " + sentinelPort,
        "bind " + HOST,
        "dir " + directory.toAbsolutePath(),
        "sentinel monitor " + MASTER_NAME + " " + HOST + " " + masterPort + " 1",
        "sentinel auth-pass " + MASTER_NAME + " " + PASSWORD,
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 3000",
        "sentinel parallel-syncs " + MASTER_NAME + " 1",
        ""));
    sentinel = RedisSentinel.newRedisSentinel().port(sentinelPort).configFile(config.toString()).build();
    sentinel.start();
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    try (Jedis client = new Jedis(HOST, sentinelPort)) {
      while (client.sentinelReplicas(MASTER_NAME).isEmpty()) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("The sentinel does not know the replica");
        }
        sleep(100);
      }
    }
  }

  /** {@code redis-sentinel://:password@127.0.0.1:sentinelPort/mymaster}. */
  String url() {
    return "redis-sentinel://:" + PASSWORD + "@" + HOST + ":" + sentinelPort + "/" + MASTER_NAME;
  }

  int sentinelPort() {
    return sentinelPort;
  }

  /** The port of the node that started as master. */
  int masterPort() {
    return ports.get(0);
  }

  /** The port of the node that started as replica. */
  int replicaPort() {
    return ports.get(1);
  }

  /** The master's port as the sentinel names it now. */
  int currentMasterPort() {
    try (Jedis client = new Jedis(HOST, sentinelPort)) {
      return Integer.parseInt(client.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
    }
  }

  /** A plain, authenticated client of one data node. */
  Jedis node(int port) {
    return new Jedis(new HostAndPort(HOST, port), DefaultJedisClientConfig.builder().password(PASSWORD).build());
  }

  /** A plain, authenticated client of the node the sentinel names master now. Close it. */
  Jedis raw() {
    return node(currentMasterPort());
  }

  void stopNode(int port) throws IOException {
    servers.get(ports.indexOf(port)).stop();
  }

  @Override
  public void close() {
    List<AutoCloseableStop> stops = new ArrayList<>();
    if (sentinel != null) {
      stops.add(sentinel::stop);
    }
    for (RedisServer server : servers) {
      stops.add(() -> {
        if (server.isActive()) {
          server.stop();
        }
      });
    }
    for (AutoCloseableStop stop : stops) {
      try {
        stop.run();
      } catch (IOException | RuntimeException e) {
        System.err.println("Cannot stop a Sentinel test server: " + e);
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Cannot delete " + directory + ": " + e);
    }
  }

  private interface AutoCloseableStop {
    void run() throws IOException;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
