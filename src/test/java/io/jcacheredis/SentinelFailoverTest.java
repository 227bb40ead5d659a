package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * A cache on a master found through Redis Sentinel ({@code redis-sentinel://}): it works, the master is stopped, the
 * sentinel promotes the replica, and the same manager (no restart) reads what was written before and writes again.
 * Failures during the failover name the master and the sentinel, never the password.
 */
@WithRedis
class SentinelFailoverTest {

  private static final long FAILOVER_TIMEOUT_MILLIS = 15_000;

  private static SentinelTestServers servers;
  private static CacheManager manager;

  @BeforeAll
  static void start(SentinelTestServers started) {
    servers = started;
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
  }

  /** Settings added to the manager's URL query ({@code &name=value...}). */
  String moreSettings() {
    return "";
  }

  /** Checks the manager's client before the test starts. */
  void checkClient(UnifiedJedis client) {
  }

  @Test
  void cacheFollowsTheFailoverWithoutRestart() throws Exception {
    URI uri = URI.create(servers.url() + "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500"
        + moreSettings());
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    checkClient(manager.unwrap(UnifiedJedis.class));
    assertFalse(manager.toString().contains(SentinelTestServers.PASSWORD), manager.toString());
    Cache<String, String> cache = manager.createCache("sentinel",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    cache.put("a", "1");
    assertEquals("1", cache.get("a"));
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      many.put("k" + i, "v" + i);
    }
    cache.putAll(many); // a pipeline on the master
    assertEquals(many, cache.getAll(many.keySet()));
    Set<String> iterated = new HashSet<>();
    cache.forEach(entry -> iterated.add(entry.getKey())); // SCAN on the master
    assertEquals(51, iterated.size());

    int oldMaster = servers.masterPort();
    try (Jedis master = servers.node(oldMaster)) {
      assertEquals(1, master.waitReplicas(1, 2000), "the replica acknowledged the writes");
    }

    servers.stopNode(oldMaster);
    List<String> failures = new ArrayList<>();
    long deadline = System.currentTimeMillis() + FAILOVER_TIMEOUT_MILLIS;
    String value = null;
    while (true) {
      try {
        value = cache.get("a");
        cache.put("b", "2");
        break;
      } catch (CacheException e) {
        failures.add(e.getMessage());
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("The cache did not work again within " + FAILOVER_TIMEOUT_MILLIS + " ms: "
              + failures, e);
        }
        Thread.sleep(100);
      }
    }
    assertEquals(servers.replicaPort(), servers.currentMasterPort(), "the sentinel promoted the replica");
    assertEquals("1", value);
    assertEquals("2", cache.get("b"));
    assertEquals(many, cache.getAll(many.keySet()));
    cache.putAll(Map.of("c", "3", "d", "4"));
    assertEquals("4", cache.get("d"));
    assertTrue(cache.remove("c"));
    Set<String> after = new HashSet<>();
    cache.forEach(entry -> after.add(entry.getKey()));
    assertEquals(53, after.size());
    try (Jedis promoted = servers.node(servers.replicaPort())) {
      assertTrue(promoted.info("replication").contains("role:master"));
    }
    assertFalse(failures.isEmpty(), "calls failed while no master was there");
    System.out.println("Failover: " + failures.size() + " failed calls, e.g. " + failures.get(0));
    for (String failure : failures) {
      assertTrue(failure.contains(SentinelTestServers.MASTER_NAME), failure);
      assertTrue(failure.contains("127.0.0.1:" + servers.sentinelPort()), failure);
      assertFalse(failure.contains(SentinelTestServers.PASSWORD), failure);
    }
  }
}
