package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.load.CheckedLoadRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The multiplexed connection mode on a Redis Cluster when a master hangs ({@code DEBUG SLEEP}) or stops: the calls in
 * flight on its shared connections fail within the timeout (and the cluster client's retries, here {@value
 * #MAX_ATTEMPTS} attempts, as in the pooled mode), the other masters keep answering meanwhile, no caller ever gets
 * another's reply, the connections are replaced, and the client never holds more than {@value #CONNECTIONS} shared
 * connections per master.
 */
@WithRedis
@Timeout(120)
@SuppressWarnings("deprecation") // DEBUG SLEEP through sendCommand(command, String...)
class MultiplexedClusterFailureTest {

  private static final int TIMEOUT_MILLIS = 1000;
  private static final int CONNECT_TIMEOUT_MILLIS = 500;
  private static final int CONNECTIONS = 2;
  private static final int MAX_ATTEMPTS = 2;
  /** Every attempt waiting for a connection, then for the reply, plus scheduling on a busy 2-core machine. */
  private static final int BOUND_MILLIS = MAX_ATTEMPTS * (CONNECT_TIMEOUT_MILLIS + TIMEOUT_MILLIS) + 1000;

  private static ClusterTestServers cluster;
  private CacheManager manager;

  @BeforeAll
  static void startCluster(@ServerSettings("cluster-require-full-coverage no") ClusterTestServers ownCluster) {
    cluster = ownCluster;
  }

  @AfterEach
  void closeManager() {
    if (manager != null) {
      manager.close();
    }
  }

  private Cache<String, String> cache(String name) {
    manager = cluster.newManager("?connection-mode=multiplexed&multiplexed.connections=" + CONNECTIONS
        + "&timeout.millis=" + TIMEOUT_MILLIS + "&connect-timeout.millis=" + CONNECT_TIMEOUT_MILLIS
        + "&cluster.max-attempts=" + MAX_ATTEMPTS + "&client-name=" + name);
    assertInstanceOf(ClusterClient.class, manager.unwrap(UnifiedJedis.class));
    return manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private int sharedConnections() {
    return manager.unwrap(ClusterClient.class).multiplexedConnections();
  }

  @Test
  void aHungMasterFailsOnlyItsCallsWithinTheTimeoutAndNoneGetsAnothersReply() throws Exception {
    String name = TestRedis.uniqueName("mux-cluster-hang");
    Cache<String, String> cache = cache(name);
    CheckedLoadRun load = CheckedLoadRun.start(cache, Thread::new, 60, name);
    Thread.sleep(1000);
    assertEquals(0, load.failures(), "no failure before the hang");
    int masters = cluster.ports().size();
    assertTrue(sharedConnections() > 0 && sharedConnections() <= masters * CONNECTIONS,
        "shared connections: " + sharedConnections());

    ExecutorService sleeper = Executors.newSingleThreadExecutor();
    List<Integer> open = new ArrayList<>();
    long successesBefore;
    long successesDuring;
    try (RedisClient hung = cluster.node(cluster.ports().get(0))) {
      Future<?> sleeping = sleeper.submit(() -> hung.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "1.8"));
      Thread.sleep(TIMEOUT_MILLIS + 200);
      successesBefore = load.successes();
      for (int i = 0; i < 10; i++) {
        open.add(sharedConnections());
        Thread.sleep(100);
      }
      successesDuring = load.successes() - successesBefore;
      sleeping.get(10, TimeUnit.SECONDS);
    } finally {
      sleeper.shutdownNow();
    }
    assertTrue(load.failures() > 0, "the calls on the hung master failed");
    assertTrue(successesDuring > 0, "the other masters answered while one was hung");
    assertTrue(open.stream().allMatch(count -> count <= masters * CONNECTIONS), "open while hung: " + open);

    long awake = System.nanoTime();
    long before = load.successes();
    while (load.successes() < before + 1000) {
      assertTrue(System.nanoTime() - awake < TimeUnit.SECONDS.toNanos(5), "working again after the hang");
      Thread.sleep(10);
    }
    CheckedLoadRun.Result result = load.stop();
    System.out.println("hung master, multiplexed cluster: " + result.line());
    assertEquals(0, result.wrongReplies(), result.line());
    assertTrue(result.longestFailedMillis() <= BOUND_MILLIS, "every failed call ended within " + BOUND_MILLIS
        + " ms: " + result.line());
    assertTrue(result.firstFailure().contains("RedisFailureException: Cannot reach Redis at 127.0.0.1:"
        + cluster.ports().get(0)), result.firstFailure());
    assertTrue(sharedConnections() <= masters * CONNECTIONS, "open afterwards: " + sharedConnections());
    awaitNodeConnections(name);
  }

  @Test
  void aStoppedMasterFailsItsCallsAndIsUsedAgainOnceBack() throws Exception {
    String name = TestRedis.uniqueName("mux-cluster-stop");
    Cache<String, String> cache = cache(name);
    int port = cluster.ports().get(1);
    String onDown = null;
    String onUp = null;
    for (int n = 0; onDown == null || onUp == null; n++) {
      String key = "k" + n;
      int slot = JedisClusterCRC16.getSlot("jcache:" + name + ":" + key);
      if (cluster.ownerOf(slot) == port) {
        onDown = onDown == null ? key : onDown;
      } else {
        onUp = onUp == null ? key : onUp;
      }
    }
    cache.put(onDown, "down-1");
    cache.put(onUp, "up-1");
    cluster.stop(port);
    try {
      String down = onDown;
      long start = System.nanoTime();
      RedisFailureException failure = assertThrows(RedisFailureException.class,
          () -> cache.get(down));
      assertTrue(OutageTesting.millisSince(start) <= BOUND_MILLIS, "failed after " + OutageTesting.millisSince(start));
      assertTrue(failure.getMessage().startsWith("Cannot reach Redis at 127.0.0.1:" + port), failure.getMessage());
      assertEquals("up-1", cache.get(onUp), "the other masters still answer");
    } finally {
      cluster.restart(port);
    }
    String down = onDown;
    long restarted = System.nanoTime();
    while (true) { // without persistence: it comes back empty, with its slots
      try {
        cache.put(down, "down-2");
        break;
      } catch (RedisFailureException e) {
        assertTrue(System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(10), "working again: " + e);
        Thread.sleep(50);
      }
    }
    assertEquals("down-2", cache.get(down));
    assertEquals("up-1", cache.get(onUp));
    assertTrue(sharedConnections() <= cluster.ports().size() * CONNECTIONS, "open: " + sharedConnections());
  }

  /** Waits until each node lists at most {@value #CONNECTIONS} of the manager's shared connections. */
  private static void awaitNodeConnections(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int port : cluster.ports()) {
      try (RedisClient node = cluster.node(port)) {
        List<String> listed = ClientList.named(node, name);
        while (listed.size() > CONNECTIONS + 1) { // + the pooled connection that read the topology, if on this node
          assertTrue(System.nanoTime() < deadline, "connections node " + port + " lists: " + listed);
          Thread.sleep(50);
          listed = ClientList.named(node, name);
        }
      }
    }
  }
}
