package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A master of a cluster goes down and comes back (its own three-master cluster, which keeps serving the slots of
 * the other masters meanwhile: {@code cluster-require-full-coverage no}). Calls on its keys fail within the retry
 * bound with a RedisFailureException naming it, the other masters' keys still work, an ignoring cache throws
 * nothing, and the same manager works again once it is back.
 */
@AlsoMultiplexedOnCluster
@WithRedis
@Timeout(120)
class ClusterFailureTest {

  private static final String FAST = "?timeout.millis=500&connect-timeout.millis=500";

  private static ClusterTestServers cluster;

  @BeforeAll
  static void startCluster(@ServerSettings("cluster-require-full-coverage no") ClusterTestServers ownCluster) {
    cluster = ownCluster;
  }

  /** Which master (plain port) holds each entry key of the cache. */
  private static Map<String, Integer> masterOfEachKey(String cacheName) {
    Map<String, Integer> masters = new HashMap<>();
    String prefix = "jcache:" + cacheName + ":";
    for (int port : cluster.ports()) {
      try (RedisClient node = cluster.node(port)) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          ScanResult<String> page = node.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
          page.getResult().forEach(key -> masters.put(key.substring(prefix.length()), port));
          cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      }
    }
    return masters;
  }

  @Test
  void aStoppedMasterFailsOnlyItsKeysAndIsUsedAgainOnceBack() throws Exception {
    String name = TestRedis.uniqueName("cluster-down");
    try (CacheManager manager = cluster.newManager(FAST);
        CacheManager ignoring = cluster.newManager(FAST + "&ignore-exceptions=true")) {
      MutableConfiguration<String, String> configuration =
          new MutableConfiguration<String, String>().setTypes(String.class, String.class);
      Cache<String, String> cache = manager.createCache(name, configuration);
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        entries.put("k" + i, "v" + i);
      }
      cache.putAll(entries);
      Cache<String, String> tolerant = ignoring.getCache(name, String.class, String.class);
      Map<String, Integer> masters = masterOfEachKey(name);
      List<Integer> ports = cluster.ports();
      int down = ports.get(1);
      String onDown = masters.entrySet().stream().filter(e -> e.getValue() == down).findFirst().orElseThrow()
          .getKey();
      String onUp = masters.entrySet().stream().filter(e -> e.getValue() != down).findFirst().orElseThrow()
          .getKey();

      cluster.stop(down);
      long start = System.nanoTime();
      RedisFailureException failure = assertThrows(RedisFailureException.class, () -> cache.get(onDown));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(failure.getMessage().startsWith("Cannot reach Redis at 127.0.0.1:" + down + " in "
          + cluster.url()), failure.getMessage());
      assertTrue(millis < 5_000, "bounded by max-attempts x timeout: " + millis + " ms");

      assertEquals(entries.get(onUp), cache.get(onUp), "the other masters still serve their slots");
      assertNull(tolerant.get(onDown), "an ignoring cache reads a miss");
      tolerant.put(onDown, "dropped");
      assertEquals(entries.get(onUp), tolerant.get(onUp));

      start = System.nanoTime();
      RedisFailureException bulk = assertThrows(RedisFailureException.class, () -> cache.getAll(entries.keySet()));
      millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(bulk.getMessage().startsWith("Cannot reach Redis at 127.0.0.1:" + down + " in "), bulk.getMessage());
      assertTrue(millis < 5_000, "a bulk call retries within the same bound: " + millis + " ms");
      assertThrows(RedisFailureException.class, () -> cache.putAll(Map.of(onDown, "x", onUp, "y")));
      // Like one server's pipeline, a bulk operation that fails may have done part of its work (here: the entries
      // of the reachable masters are cleared).
      assertThrows(RedisFailureException.class, cache::clear);

      cluster.restart(down); // without persistence: it comes back empty, with its slots
      long deadline = System.currentTimeMillis() + 10_000;
      while (true) {
        try {
          cache.put(onDown, "again");
          break;
        } catch (RedisFailureException e) {
          if (System.currentTimeMillis() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      assertEquals("again", cache.get(onDown));
      assertEquals("again", tolerant.get(onDown));
      manager.destroyCache(name);
    }
  }

  /** The provider's lock stripe of an entry key: 256 stripes by the hash of the Redis key (CacheContext). */
  private static int stripe(String cacheName, String key) {
    byte[] redisKey = ("jcache:" + cacheName + ":" + key).getBytes(StandardCharsets.UTF_8);
    return (Arrays.hashCode(redisKey) & 0x7fffffff) % 256;
  }

  @Test
  void anInvokeQueuedBehindAFailingKeyOfAnotherMasterStillRuns() throws Exception {
    String name = TestRedis.uniqueName("cluster-stripe");
    int down = cluster.ports().get(2);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try (CacheManager manager = cluster.newManager(FAST)) {
      Cache<String, String> cache = manager.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        entries.put("k" + i, "v" + i);
      }
      cache.putAll(entries);
      // Two keys that share a lock stripe in this JVM but live on different masters.
      Map<String, Integer> masters = masterOfEachKey(name);
      String[] pair = masters.keySet().stream().filter(k -> masters.get(k) == down)
          .flatMap(onDown -> masters.keySet().stream()
              .filter(k -> masters.get(k) != down && stripe(name, k) == stripe(name, onDown))
              .map(onUp -> new String[] {onDown, onUp}))
          .findFirst().orElseThrow();

      cluster.stop(down);
      try {
        Future<?> holder = threads.submit(() -> assertThrows(RedisFailureException.class,
            () -> cache.invoke(pair[0], (entry, args) -> {
              entry.setValue("unreachable");
              return null;
            })));
        Thread.sleep(100); // the holder now waits out its master's failure while it holds the stripe
        String result = cache.invoke(pair[1], (entry, args) -> {
          entry.setValue(entry.getValue() + "+");
          return entry.getValue();
        });
        assertEquals(entries.get(pair[1]) + "+", result,
            "an invoke on a healthy master does not fail with the failure of another master's key");
        holder.get(30, TimeUnit.SECONDS);
      } finally {
        cluster.restart(down);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
          try {
            cache.put(pair[0], "back");
            break;
          } catch (RedisFailureException e) {
            if (System.currentTimeMillis() > deadline) {
              throw e;
            }
            Thread.sleep(100);
          }
        }
        manager.destroyCache(name);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
