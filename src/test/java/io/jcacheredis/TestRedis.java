package io.jcacheredis;

import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * The Redis server of the test run: an embedded Redis 6.2 started once per test JVM, or the server named by
 * {@code -Djcache.redis.url} / {@code JCACHE_REDIS_URL} (to run the same tests against Redis 7 or Valkey). It sets
 * the system property, so {@code Caching.getCachingProvider().getCacheManager()} reaches it like an application's
 * default manager does.
 *
 * <p>With {@code -Djcache.redis.test.topology=cluster} (the {@code cluster} execution of the root pom) the same
 * tests run on a Redis Cluster instead: the configured URL if it is a {@code redis-cluster://} one, else the
 * embedded three-master cluster of {@link ClusterTestServers#shared()}. A configured URL is used only by the run of
 * its topology (a {@code redis://} one by the single-server run, a {@code redis-cluster://} one by the cluster run).
 * The provider is given the cluster URL like any other; only the tests' own raw clients ({@link #raw()},
 * {@link #servers()}) know the topology.
 */
public final class TestRedis {

  /** System property choosing where the tests run: {@code single} (the default) or {@code cluster}. */
  public static final String TOPOLOGY = "jcache.redis.test.topology";

  private static String url;
  private static RedisServer embedded;

  private TestRedis() {
  }

  /** The server's URL, starting the embedded server (or cluster) on first use. */
  public static synchronized String url() {
    if (url == null) {
      String configured = System.getProperty(RedisSettings.URL, System.getenv(RedisSettings.URL_ENV));
      boolean cluster = clusterTopology();
      // A configured URL serves the run of its topology; the other run starts its own embedded server or cluster.
      if (configured != null && !configured.isBlank() && isClusterUrl(configured) == cluster) {
        url = configured;
      } else {
        url = cluster ? ClusterTestServers.shared().url() : startEmbedded();
      }
      System.setProperty(RedisSettings.URL, url);
    }
    return url;
  }

  private static boolean clusterTopology() {
    String topology = System.getProperty(TOPOLOGY, "single");
    return switch (topology) {
      case "single" -> false;
      case "cluster" -> true;
      default -> throw new IllegalArgumentException("-D" + TOPOLOGY + "=" + topology
          + " is not a topology the tests know: use single (the default) or cluster");
    };
  }

  private static boolean isClusterUrl(String candidate) {
    return candidate.startsWith("redis-cluster://") || candidate.startsWith("rediss-cluster://");
  }

  /** Whether the tests run on a Redis Cluster (see {@link #TOPOLOGY}). */
  public static boolean isCluster() {
    return isClusterUrl(url());
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

  /**
   * A raw client on the same server, to look at what the provider stored: a {@link RedisClient}, or on a cluster a
   * {@link RedisClusterClient} (which routes each key to its master, but runs SCAN, INFO or SCRIPT on one node only:
   * use {@link #servers()} or {@link #keys} for those).
   */
  public static UnifiedJedis raw() {
    if (!isCluster()) {
      return RedisClient.create(uri());
    }
    ClusterSeeds seeds = ClusterSeeds.parse(url());
    return seeds.password == null ? RedisClusterClient.create(seeds.nodes)
        : RedisClusterClient.create(seeds.nodes, seeds.user, seeds.password);
  }

  /** A raw client of the one server, for tests of one server's own state (CLIENT LIST, ACL), never on a cluster. */
  public static RedisClient server() {
    if (isCluster()) {
      throw new IllegalStateException("This test looks at one Redis server, not at the cluster " + url()
          + ": leave it out of the cluster run");
    }
    return RedisClient.create(uri());
  }

  /**
   * A client of each server that holds keys, by address ({@code host:port}): the one server, or every master of the
   * cluster. Close each.
   */
  public static Map<String, RedisClient> servers() {
    Map<String, RedisClient> servers = new LinkedHashMap<>();
    if (!isCluster()) {
      servers.put(address(uri()), RedisClient.create(uri()));
      return servers;
    }
    ClusterSeeds seeds = ClusterSeeds.parse(url());
    for (HostAndPort master : new LinkedHashSet<>(Arrays.asList(seeds.slotOwners()))) {
      servers.put(master.toString(), seeds.password == null ? RedisClient.create(master)
          : RedisClient.create(master.getHost(), master.getPort(), seeds.user, seeds.password));
    }
    return servers;
  }

  /** The addresses ({@code host:port}, as {@link #servers()} names them) of the servers holding these Redis keys. */
  public static Set<String> serversOf(Collection<String> redisKeys) {
    Set<String> addresses = new LinkedHashSet<>();
    if (!isCluster()) {
      addresses.add(address(uri()));
      return addresses;
    }
    HostAndPort[] owners = ClusterSeeds.parse(url()).slotOwners();
    for (String key : redisKeys) {
      addresses.add(owners[JedisClusterCRC16.getSlot(key)].toString());
    }
    return addresses;
  }

  private static String address(URI server) {
    return server.getHost() + ":" + (server.getPort() < 0 ? 6379 : server.getPort());
  }

  /** Every key matching a glob pattern, on every server (a full SCAN of each). */
  public static Set<String> keys(String pattern) {
    Set<String> keys = new LinkedHashSet<>();
    for (byte[] key : keys(pattern.getBytes(StandardCharsets.UTF_8))) {
      keys.add(new String(key, StandardCharsets.UTF_8));
    }
    return keys;
  }

  /** Every key matching a binary glob pattern, on every server (a full SCAN of each). */
  public static List<byte[]> keys(byte[] pattern) {
    List<byte[]> keys = new ArrayList<>();
    Collection<RedisClient> servers = servers().values();
    try {
      for (RedisClient server : servers) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
          ScanResult<byte[]> page = server.scan(cursor, new ScanParams().match(pattern).count(1000));
          keys.addAll(page.getResult());
          cursor = page.getCursorAsBytes();
        } while (!SafeEncoder.encode(cursor).equals(ScanParams.SCAN_POINTER_START));
      }
    } finally {
      servers.forEach(RedisClient::close);
    }
    return keys;
  }

  /** The seed nodes and credentials of a {@code redis-cluster://[user:password@]host:port,...} URL. */
  private record ClusterSeeds(Set<HostAndPort> nodes, String user, String password) {

    static ClusterSeeds parse(String url) {
      if (url.startsWith("rediss-cluster://")) {
        throw new UnsupportedOperationException("The tests' raw clients do not speak TLS: run them on a "
            + "redis-cluster:// URL (TLS clusters are covered by ClusterTlsTest)");
      }
      String authority = url.substring("redis-cluster://".length()).split("[/?]", 2)[0];
      String user = null;
      String password = null;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String[] credentials = authority.substring(0, at).split(":", 2);
        user = credentials[0].isEmpty() ? null : decode(credentials[0]);
        password = credentials.length < 2 ? null : decode(credentials[1]);
        authority = authority.substring(at + 1);
      }
      Set<HostAndPort> nodes = new LinkedHashSet<>();
      for (String node : authority.split(",")) {
        nodes.add(HostAndPort.from(node.contains(":") ? node : node + ":6379"));
      }
      return new ClusterSeeds(nodes, user, password);
    }

    private static String decode(String text) {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The master of each slot, from CLUSTER SLOTS on the first seed. */
    @SuppressWarnings("deprecation") // CLUSTER SLOTS: what Redis 6.2 has (CLUSTER SHARDS is 7.0+)
    HostAndPort[] slotOwners() {
      HostAndPort[] owners = new HostAndPort[ClusterTestServers.SLOTS];
      try (Jedis node = new Jedis(nodes.iterator().next())) {
        if (password != null) {
          if (user == null) {
            node.auth(password);
          } else {
            node.auth(user, password);
          }
        }
        for (Object range : node.clusterSlots()) {
          List<?> parts = (List<?>) range;
          List<?> master = (List<?>) parts.get(2);
          HostAndPort owner = new HostAndPort(SafeEncoder.encode((byte[]) master.get(0)),
              ((Long) master.get(1)).intValue());
          Arrays.fill(owners, ((Long) parts.get(0)).intValue(), ((Long) parts.get(1)).intValue() + 1, owner);
        }
      }
      return owners;
    }
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
