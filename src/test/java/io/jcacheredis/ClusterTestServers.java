package io.jcacheredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import javax.cache.Caching;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.MigrateParams;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis Cluster for the tests: three masters (the embedded Redis 6.2 binary with {@code cluster-enabled yes},
 * on loopback, without persistence, node files in a temporary directory), the 16384 slots split evenly, joined with
 * CLUSTER MEET. {@link #shared()} starts one per test JVM, stopped by a shutdown hook; {@link #start(int)} starts a
 * private one, stopped by {@link #close()}; {@link #startTls} one whose clients and cluster bus use TLS.
 *
 * <p>Public, and published in the test-jar (classifier {@code tests}), so that the TCK run ({@code tck/}) and the
 * benchmark ({@code bench/}) start their clusters with this class instead of a copy of it.
 */
public final class ClusterTestServers implements AutoCloseable {

  static final int SLOTS = 16384;
  private static final String HOST = "127.0.0.1";
  private static final long READY_TIMEOUT_MILLIS = 30_000;

  private static ClusterTestServers shared;

  private final List<RedisServer> servers = new ArrayList<>();
  /** Plain TCP ports, to set the cluster up and look at each node. */
  private final List<Integer> ports = new ArrayList<>();
  /** The ports the nodes announce to clients (CLUSTER SLOTS): the TLS ports of a TLS cluster, else the same. */
  private final List<Integer> clientPorts = new ArrayList<>();
  private final Path directory;
  private final boolean tls;
  private final String[] settings;

  private ClusterTestServers(Path directory, boolean tls, String... settings) {
    this.directory = directory;
    this.tls = tls;
    this.settings = settings;
  }

  /** The cluster of this test JVM, started on first use. */
  public static synchronized ClusterTestServers shared() {
    if (shared == null) {
      try {
        shared = start(3);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the embedded Redis Cluster", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "redis-cluster-stop"));
    }
    return shared;
  }

  /**
   * Starts a cluster of {@code masters} masters and waits until every node reports {@code cluster_state:ok}.
   *
   * @param settings extra configuration lines for every node, such as {@code "cluster-node-timeout 1000"}
   */
  public static ClusterTestServers start(int masters, String... settings) throws IOException {
    return start(new ClusterTestServers(Files.createTempDirectory("jcache-redis-cluster"), false, settings), masters);
  }

  /**
   * A cluster whose nodes accept clients over TLS (and plain TCP, for {@link #node}) and talk to each other over TLS
   * ({@code tls-cluster yes}), so CLUSTER SLOTS announces the TLS ports.
   */
  static ClusterTestServers startTls(int masters, Path certificate, Path key, Path caCertificate) throws IOException {
    return start(new ClusterTestServers(Files.createTempDirectory("jcache-redis-cluster"), true,
        "tls-cert-file " + certificate, "tls-key-file " + key, "tls-ca-cert-file " + caCertificate,
        "tls-auth-clients no", "tls-cluster yes"), masters);
  }

  private static ClusterTestServers start(ClusterTestServers cluster, int masters) throws IOException {
    try {
      for (int i = 0; i < masters; i++) {
        cluster.startNode();
      }
      cluster.join();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      // The cluster bus listens on the announced client port + 10000.
      int clientPort = freeClusterPort();
      int port = tls ? TestRedis.freePort() : clientPort;
      RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind(HOST)
          .setting("save \"\"").setting("appendonly no")
          .setting("dir " + directory.toAbsolutePath())
          .setting("cluster-enabled yes")
          .setting("cluster-config-file nodes-" + port + ".conf")
          .setting("cluster-node-timeout 5000");
      if (tls) {
        builder.setting("tls-port " + clientPort);
      }
      for (String setting : settings) {
        builder.setting(setting);
      }
      RedisServer server = builder.build();
      try {
        server.start();
        servers.add(server);
        ports.add(port);
        clientPorts.add(clientPort);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("Cannot start a cluster node", last);
  }

  /** Gives each node an even share of the slots, introduces the nodes, and waits for the cluster to be ready. */
  private void join() {
    int count = ports.size();
    for (int i = 0; i < count; i++) {
      int from = SLOTS * i / count;
      int to = SLOTS * (i + 1) / count - 1;
      try (Jedis node = new Jedis(HOST, ports.get(i))) {
        node.clusterAddSlots(IntStream.rangeClosed(from, to).toArray()); // ADDSLOTSRANGE needs Redis 7
      }
    }
    try (Jedis first = new Jedis(HOST, ports.get(0))) {
      for (int i = 1; i < count; i++) {
        first.clusterMeet(HOST, clientPorts.get(i));
      }
    }
    awaitReady();
  }

  private void awaitReady() {
    int count = ports.size();
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    for (int port : ports) {
      try (Jedis node = new Jedis(HOST, port)) {
        while (!ready(node.clusterInfo(), count)) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("The cluster did not become ready: node " + port + " reports "
                + node.clusterInfo());
          }
          sleep(50);
        }
      }
    }
  }

  private static boolean ready(String clusterInfo, int nodes) {
    return clusterInfo.contains("cluster_state:ok") && clusterInfo.contains("cluster_known_nodes:" + nodes + "\r")
        && clusterInfo.contains("cluster_slots_ok:" + SLOTS + "\r");
  }

  /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...} ({@code rediss-cluster://} for TLS): every master. */
  public String url() {
    StringJoiner nodes = new StringJoiner(",", tls ? "rediss-cluster://" : "redis-cluster://", "");
    clientPorts.forEach(port -> nodes.add(HOST + ":" + port));
    return nodes.toString();
  }

  /**
   * A CacheManager of its own on this cluster, the URL followed by {@code query} ("" or {@code ?name=value&...}): a
   * class loader of its own keeps the provider from handing out a manager another test opened.
   */
  public CacheManager newManager(String query) {
    ClassLoader loader = new URLClassLoader(new URL[0], ClusterTestServers.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(URI.create(url() + query), loader);
  }

  /** A URL that names only the first node: the others are discovered from it. */
  String seedUrl() {
    return (tls ? "rediss-cluster://" : "redis-cluster://") + HOST + ":" + clientPorts.get(0);
  }

  /** The masters' plain TCP ports, for {@link #node}. */
  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Starts one more master (without slots), introduces it to the cluster, and returns its plain port. */
  int addMaster() throws IOException {
    startNode();
    int port = ports.get(ports.size() - 1);
    try (Jedis first = new Jedis(HOST, ports.get(0))) {
      first.clusterMeet(HOST, clientPorts.get(clientPorts.size() - 1));
    }
    awaitReady();
    return port;
  }

  /**
   * Gives each master a replica (a new node each, CLUSTER REPLICATE) and waits until every master reports its replica
   * online. Returns each master's plain port with its replica's.
   */
  Map<Integer, Integer> addReplicas() throws IOException {
    List<Integer> masters = ports();
    for (int i = 0; i < masters.size(); i++) {
      startNode();
    }
    try (Jedis first = new Jedis(HOST, ports.get(0))) {
      for (int i = masters.size(); i < ports.size(); i++) {
        first.clusterMeet(HOST, clientPorts.get(i));
      }
    }
    awaitReady();
    Map<Integer, Integer> replicaOf = new LinkedHashMap<>();
    for (int i = 0; i < masters.size(); i++) {
      int master = masters.get(i);
      int replica = ports.get(masters.size() + i); // a node without slots, turned into the master's replica
      String masterId;
      try (Jedis node = new Jedis(HOST, master)) {
        masterId = node.clusterMyId();
      }
      try (Jedis node = new Jedis(HOST, replica)) {
        node.clusterReplicate(masterId);
      }
      replicaOf.put(master, replica);
    }
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    for (int master : replicaOf.keySet()) {
      try (Jedis node = new Jedis(HOST, master)) {
        String replication;
        while (!(replication = node.info("replication")).contains("connected_slaves:1")
            || !replication.contains("state=online")) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("No replica of " + master + ": " + replication);
          }
          sleep(50);
        }
      }
    }
    return replicaOf;
  }

  /**
   * Waits until the replica of this master has every write the master executed so far: writes a marker key of one
   * of the master's slots, then WAIT 1 on the same connection (WAIT waits for the connection's own last write; on a
   * connection that wrote nothing it returns at once).
   */
  void awaitReplicated(int master) {
    String marker = null;
    for (int i = 0; marker == null; i++) {
      String candidate = "replication-marker-" + i;
      if (ownerOf(JedisClusterCRC16.getSlot(candidate)) == master) {
        marker = candidate;
      }
    }
    try (Jedis node = new Jedis(HOST, master)) {
      node.set(marker, "1");
      long acknowledged = node.waitReplicas(1, READY_TIMEOUT_MILLIS);
      if (acknowledged != 1) {
        throw new IllegalStateException("The replica of " + master + " did not acknowledge: " + acknowledged);
      }
    }
  }

  /**
   * Gives a slot that holds no keys to the master with this plain port (CLUSTER SETSLOT IMPORTING / MIGRATING / NODE,
   * as a resharding tool does; no key needs MIGRATE), and waits until every node agrees.
   */
  void moveEmptySlot(int slot, int toPort) {
    int fromPort = ownerOf(slot);
    try (Jedis from = new Jedis(HOST, fromPort)) {
      if (from.clusterCountKeysInSlot(slot) != 0) {
        throw new IllegalStateException("slot " + slot + " is not empty");
      }
    }
    startSlotMigration(slot, toPort);
    finishSlotMigration(slot, fromPort, toPort);
  }

  /**
   * Opens the migration of a slot from its owner to the master with this plain port, as a resharding tool does:
   * CLUSTER SETSLOT IMPORTING on the target, then MIGRATING on the source. Until {@link #finishSlotMigration} the
   * owner stays the source, which answers ASK for the slot's keys it does not hold (moved with {@link #migrateKeys},
   * or new). Returns the source's plain port.
   */
  int startSlotMigration(int slot, int toPort) {
    int fromPort = ownerOf(slot);
    if (fromPort == toPort) {
      throw new IllegalArgumentException("slot " + slot + " is already on " + toPort);
    }
    try (Jedis to = new Jedis(HOST, toPort); Jedis from = new Jedis(HOST, fromPort)) {
      to.clusterSetSlotImporting(slot, nodeId(fromPort));
      from.clusterSetSlotMigrating(slot, nodeId(toPort));
    }
    return fromPort;
  }

  /** Moves keys of a migrating slot from the source to the target node (MIGRATE host port "" 0 timeout KEYS ...). */
  void migrateKeys(int fromPort, int toPort, List<String> keys) {
    try (Jedis from = new Jedis(HOST, fromPort)) {
      String reply = from.migrate(HOST, toPort, 0, 5_000, new MigrateParams(), keys.toArray(new String[0]));
      if (!"OK".equals(reply)) {
        throw new IllegalStateException("MIGRATE of " + keys + " answered " + reply);
      }
    }
  }

  /**
   * Ends a migration opened by {@link #startSlotMigration}: MIGRATEs the keys still on the source, then gives the
   * slot to the target (CLUSTER SETSLOT NODE on the target, the source, then the other masters), and waits until
   * every node agrees.
   */
  void finishSlotMigration(int slot, int fromPort, int toPort) {
    for (List<String> left; !(left = keysInSlot(fromPort, slot)).isEmpty(); ) {
      migrateKeys(fromPort, toPort, left);
    }
    String target = nodeId(toPort);
    try (Jedis to = new Jedis(HOST, toPort); Jedis from = new Jedis(HOST, fromPort)) {
      to.clusterSetSlotNode(slot, target);
      from.clusterSetSlotNode(slot, target);
    }
    for (int port : ports) {
      if (port != toPort && port != fromPort) {
        try (Jedis other = new Jedis(HOST, port)) {
          other.clusterSetSlotNode(slot, target);
        }
      }
    }
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    for (int port : ports) {
      while (ownerSeenBy(port, slot) != toPort) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("node " + port + " does not see slot " + slot + " on " + toPort);
        }
        sleep(50);
      }
    }
  }

  /** The keys of a slot this node holds itself (CLUSTER GETKEYSINSLOT, up to 1000; never redirected). */
  public List<String> keysInSlot(int port, int slot) {
    try (Jedis node = new Jedis(HOST, port)) {
      return node.clusterGetKeysInSlot(slot, 1000);
    }
  }

  /** The cluster's id of the node with this plain port (CLUSTER MYID). */
  String nodeId(int port) {
    try (Jedis node = new Jedis(HOST, port)) {
      return node.clusterMyId();
    }
  }

  /** The plain port of the master that owns a slot, as the first node sees it. */
  public int ownerOf(int slot) {
    return ownerSeenBy(ports.get(0), slot);
  }

  @SuppressWarnings("deprecation") // CLUSTER SLOTS: what Redis 6.2 has (CLUSTER SHARDS is 7.0+)
  private int ownerSeenBy(int port, int slot) {
    try (Jedis node = new Jedis(HOST, port)) {
      for (Object range : node.clusterSlots()) {
        List<?> parts = (List<?>) range;
        if ((Long) parts.get(0) <= slot && slot <= (Long) parts.get(1)) {
          int announced = ((Long) ((List<?>) parts.get(2)).get(1)).intValue();
          int index = clientPorts.indexOf(announced);
          return index < 0 ? announced : ports.get(index);
        }
      }
    }
    return -1;
  }

  /** Stops the node with this plain port (its node file stays, so {@link #restart} brings it back as it was). */
  void stop(int port) throws IOException {
    servers.get(ports.indexOf(port)).stop();
  }

  /** Starts a stopped node again on its ports and waits until every node reports the cluster ready. */
  void restart(int port) throws IOException {
    servers.get(ports.indexOf(port)).start();
    awaitReady();
  }

  /** A plain client of one node (it answers MOVED for keys of other nodes' slots). */
  public RedisClient node(int port) {
    return RedisClient.create(HOST, port);
  }

  /** A client of the whole cluster, routing each key to its master (found from the plain ports). Close it. */
  public RedisClusterClient raw() {
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    ports.forEach(port -> nodes.add(new HostAndPort(HOST, port)));
    return RedisClusterClient.create(nodes);
  }

  /** The address ({@code host:port}) of the node with this plain port. */
  public static String address(int port) {
    return HOST + ":" + port;
  }

  /** A plain client of each node, by {@link #address}, in the order of {@link #ports()}. Close each. */
  public Map<String, RedisClient> nodes() {
    Map<String, RedisClient> nodes = new LinkedHashMap<>();
    for (int port : ports) {
      nodes.put(address(port), node(port));
    }
    return nodes;
  }

  /** Stops every node and deletes the node files. */
  @Override
  public synchronized void close() {
    for (RedisServer server : servers) {
      try {
        server.stop();
      } catch (IOException | RuntimeException e) {
        System.err.println("Cannot stop a cluster node: " + e);
      }
    }
    servers.clear();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Cannot delete " + directory + ": " + e);
    }
  }

  /** A port whose cluster bus port (port + 10000) is free too. */
  private static int freeClusterPort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (free(port) && free(port + 10_000)) {
        return port;
      }
    }
    throw new IOException("No free port pair (port, port + 10000) found for a cluster node");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return socket.isBound(); // binding it is the test; it is closed again at once
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the cluster", e);
    }
  }
}
