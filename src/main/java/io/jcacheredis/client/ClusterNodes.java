package io.jcacheredis.client;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.cache.CacheException;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.executors.ClusterCommandExecutor;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * The command executor of {@link ClusterClient}: reads the topology on first use, runs each command through Jedis'
 * cluster executor and turns its failures into {@link RedisFailureException}s that name the node of the command's
 * slot. It also owns the slot cache, renewed after connection failures, and the retry limits of the cluster.
 */
final class ClusterNodes implements CommandExecutor {
  /** The least time between two renewals of the slot cache after connection failures: 100 ms. */
  private static final long RENEWAL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final RedisSettings settings;
  private final Set<HostAndPort> seeds = new LinkedHashSet<>();
  private final JedisClientConfig clientConfig;
  private final ConnectionPoolConfig poolConfig;
  private final int maxAttempts;
  private final Duration maxTotalRetries;
  private final RedisEndpoint endpoint;
  /** Each node's gate to its pool, by {@code host:port}. */
  private final Map<HostAndPort, ConnectionGate> gates = new ConcurrentHashMap<>();
  /** When (System.nanoTime) the slot cache may next be renewed after a connection failure. */
  private final AtomicLong nextRenewal = new AtomicLong(System.nanoTime());
  private volatile ClusterConnectionProvider provider;
  private volatile ClusterCommandExecutor executor;
  private volatile Consumer<Set<String>> renewalListener;
  private boolean closed;

  /** The nodes of the cluster a {@code redis-cluster://} endpoint names, with the settings' timeouts and pools. */
  ClusterNodes(RedisSettings settings) {
    this.settings = settings;
    this.endpoint = settings.endpoint();
    for (RedisEndpoint.Node node : endpoint.clusterNodes()) {
      seeds.add(new HostAndPort(node.host(), node.port()));
    }
    this.clientConfig = RedisClients.clientConfig(settings);
    this.poolConfig = RedisClients.poolConfig(settings);
    this.maxAttempts = settings.clusterMaxAttempts();
    this.maxTotalRetries = Duration.ofMillis((long) Math.max(settings.timeoutMillis(),
        settings.connectTimeoutMillis()) * maxAttempts);
  }

  /** The gate that admits callers to a node's pool (see {@link ConnectionGate}). */
  ConnectionGate gate(HostAndPort node) {
    ConnectionGate gate = gates.get(node); // no capturing lambda on the path every command takes
    return gate != null ? gate : gates.computeIfAbsent(node, key -> new ConnectionGate(key + " in " + endpoint,
        settings, () -> idleConnections(key)));
  }

  private int idleConnections(HostAndPort node) {
    ConnectionPool pool = provider().getNodes().get(node.toString());
    return pool == null ? 0 : pool.getNumIdle();
  }

  RedisSettings settings() {
    return settings;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  Duration maxTotalRetries() {
    return maxTotalRetries;
  }

  RedisEndpoint endpoint() {
    return endpoint;
  }

  /** The slot cache and the node pools, created (reading the topology from a seed) on first use. */
  ClusterConnectionProvider provider() {
    ClusterConnectionProvider current = provider;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("The client of " + endpoint + " is closed");
      }
      if (provider == null) {
        try {
          // Without Jedis' periodic topology refresh: its thread is not a daemon (a manager left open would keep
          // the JVM alive) and it would send CLUSTER SLOTS forever; redirections and connection failures renew.
          ClusterConnectionProvider created = new ClusterConnectionProvider(seeds, clientConfig, poolConfig);
          executor = new RedirectingExecutor(created, maxAttempts, maxTotalRetries);
          provider = created;
        } catch (JedisException e) {
          throw failure(e, null);
        }
      }
      return provider;
    }
  }

  /**
   * Tells {@code listener} the masters (as {@code host:port}) after each renewal of the slot cache that goes through
   * this class (not those Jedis' cluster executor makes on its own), so that it can let go of nodes that left.
   */
  void afterRenewal(Consumer<Set<String>> listener) {
    this.renewalListener = listener;
  }

  /** Reads the topology again (CLUSTER SLOTS); a failure to read it is a {@link RedisFailureException}. */
  void renewSlotCache() {
    ClusterConnectionProvider current = provider();
    try {
      current.renewSlotCache();
    } catch (JedisException e) {
      throw failure(e, null);
    }
    Consumer<Set<String>> listener = renewalListener;
    if (listener != null) {
      listener.accept(current.getPrimaryNodes().keySet());
    }
  }

  /** The master that owns a slot, reading the topology again when the slot cache names none. */
  HostAndPort masterOf(int slot) {
    HostAndPort node = provider().getNode(slot);
    if (node == null) {
      renewSlotCache();
      node = provider().getNode(slot);
    }
    if (node == null) {
      throw new RedisFailureException("Redis Cluster " + endpoint + " has no master for slot " + slot
          + " (is every slot assigned? CLUSTER INFO shows cluster_state)", null);
    }
    return node;
  }

  /**
   * Sleeps before a retry: a random time up to the time left until {@code deadline} ({@link System#nanoTime})
   * divided by the square of the attempts left (Jedis' backoff).
   */
  void backOff(int attemptsLeft, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0 || attemptsLeft <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(left / ((long) attemptsLeft * attemptsLeft) + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting to retry on " + endpoint, e);
    }
  }

  /**
   * Reads the topology again (CLUSTER SLOTS from a seed or a known node) after a node could not be reached, at
   * most once per {@link #RENEWAL_INTERVAL_NANOS} however many pipelines fail at once (Jedis' own renewal skips
   * only while another one runs).
   */
  void renewAfterConnectionFailure() {
    long now = System.nanoTime();
    long next = nextRenewal.get();
    if (now - next < 0 || !nextRenewal.compareAndSet(next, now + RENEWAL_INTERVAL_NANOS)) {
      return;
    }
    renewSlotCache();
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    provider();
    HostAndPort node = nodeOf(command);
    if (node == null) { // no key, or keys of several slots: Jedis picks the node (or refuses)
      return execute(command, null);
    }
    ConnectionGate gate = gate(node);
    gate.enter();
    try {
      return execute(command, node);
    } finally {
      gate.exit();
    }
  }

  private <T> T execute(CommandObject<T> command, HostAndPort node) {
    try {
      return executor.executeCommand(command);
    } catch (JedisNoScriptException e) {
      throw e; // handled by LuaScript, which loads the script and retries
    } catch (JedisException e) {
      throw failure(e, node);
    }
  }

  private HostAndPort nodeOf(CommandObject<?> command) {
    Set<Integer> slots = command.getArguments().getKeyHashSlots();
    ClusterConnectionProvider current = provider;
    if (slots.size() != 1 || current == null) {
      return null;
    }
    try {
      return current.getNode(slots.iterator().next());
    } catch (RuntimeException e) {
      return null;
    }
  }

  RedisFailureException failure(JedisException e, HostAndPort node) {
    String where = node == null ? endpoint.toString() : node + " in " + endpoint;
    return RedisFailures.translateCluster(e, where);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (executor != null) {
      executor.close(); // closes the provider and its node pools
    }
  }

  /** Jedis' cluster executor, dropping a connection the server closes after a protocol error (see RedisFailures). */
  private static final class RedirectingExecutor extends ClusterCommandExecutor {
    @SuppressWarnings("deprecation") // Jedis 8's replacement takes a retry policy object; same behaviour
    RedirectingExecutor(ClusterConnectionProvider provider, int maxAttempts, Duration maxTotalRetries) {
      super(provider, maxAttempts, maxTotalRetries);
    }

    @Override
    protected <T> T execute(Connection connection, CommandObject<T> command) {
      try {
        return super.execute(connection, command);
      } catch (JedisDataException e) {
        if (RedisFailures.closesConnection(e)) {
          connection.setBroken();
        }
        throw e;
      }
    }
  }
}
