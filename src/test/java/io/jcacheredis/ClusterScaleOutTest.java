package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A fourth master joins a running cluster and takes over a slot. A pipeline sent with the old topology is redirected
 * (MOVED) for that slot and sent again; a manager that has never been redirected to the new master still reaches it,
 * as SCAN-based operations read the topology when they start: iteration, the extension's keys() and clear() cover
 * the new master.
 */
@AlsoMultiplexedOnCluster
@WithRedis
@Timeout(120)
class ClusterScaleOutTest {

  private static ClusterTestServers cluster;

  @BeforeAll
  static void startCluster(@ServerSettings({}) ClusterTestServers ownCluster) {
    cluster = ownCluster;
  }

  private static int slot(String cacheName, String key) {
    return JedisClusterCRC16.getSlot(("jcache:" + cacheName + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMasterAddedLaterIsReachedByPipelinesAndCoveredByScans() throws Exception {
    String name = TestRedis.uniqueName("scale-out");
    try (CacheManager early = cluster.newManager(""); CacheManager stale = cluster.newManager("")) {
      Cache<String, String> cache = early.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Cache<String, String> staleCache = stale.getCache(name, String.class, String.class);
      int movedSlot = slot(name, "moved");
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; entries.size() < 200; i++) {
        if (slot(name, "k" + i) != movedSlot) {
          entries.put("k" + i, "v" + i);
        }
      }
      cache.putAll(entries); // the manager now knows the three masters

      int added = cluster.addMaster();
      cluster.moveEmptySlot(movedSlot, added);
      assertEquals(added, cluster.ownerOf(movedSlot));
      try (CacheManager late = cluster.newManager("")) {
        late.getCache(name, String.class, String.class).put("moved", "on the new master");
      }
      try (RedisClient node = cluster.node(added)) {
        assertEquals(1, node.dbSize(), "the entry is on the added master");
      }

      // A pipeline sent with the old topology: the MGET for the moved slot is answered MOVED and sent again.
      Set<String> someKeys = new HashSet<>(List.copyOf(entries.keySet()).subList(0, 20));
      someKeys.add("moved");
      Map<String, String> some = staleCache.getAll(someKeys);
      assertEquals(21, some.size());
      assertEquals("on the new master", some.get("moved"));

      // No key command of this manager has been redirected to the new master yet: the scans alone must find it.
      int iterated = 0;
      for (Cache.Entry<String, String> ignored : cache) {
        iterated++;
      }
      assertEquals(201, iterated, "iteration covers the added master");
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
      assertEquals(List.of("moved"), redis.keys("mov*").toCompletableFuture().get(30, TimeUnit.SECONDS));
      cache.clear();
      try (RedisClient node = cluster.node(added)) {
        assertEquals(0, node.dbSize(), "clear() reached the added master");
      }
      assertTrue(cache.getAll(Set.copyOf(entries.keySet())).isEmpty());
      assertNull(cache.get("moved"));
      cache.put("moved", "again");
      assertEquals("again", cache.get("moved"));
      try (RedisClient node = cluster.node(added)) {
        assertEquals(1, node.dbSize(), "written on the added master");
      }
      early.destroyCache(name);
    }
  }
}
