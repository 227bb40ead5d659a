package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static io.jcacheredis.NearCacheTest.dataCommands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisCommandCounter.Traffic;
import io.jcacheredis.nearcache.NearCacheSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A slot is resharded while a near-cached manager writes its keys and keeps what it wrote. The near-cached writes go
 * over the tracking connection of the master that owns the key's slot as the manager's slot cache says; the source
 * answers ASK (a key already migrated) or, after the migration, MOVED, and then the write is sent through the pool
 * and nothing of it is kept: the next read goes to Redis. Keys the migration moves are announced (MIGRATE deletes
 * them on the source), and afterwards the writes to the new owner are kept again and another manager's are seen.
 * The manager's invalidation check (which also reads the slot map) is slowed down to a minute, so that its slot cache
 * still names the source after the migration, as it would between two checks.
 */
@AlsoMultiplexedOnCluster
@WithRedis
@Timeout(60)
class NearCacheClusterMigrationTest {

  private static String redisKey(String cacheName, String key) {
    return "jcache:" + cacheName + ":" + key;
  }

  private static int slot(String cacheName, String key) {
    return JedisClusterCRC16.getSlot(redisKey(cacheName, key).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ownWritesOfAMovingSlotAreNotKeptUntilTheyReachTheNewOwnerAndNothingStaleIsRead(
      @ServerSettings({}) ClusterTestServers cluster) {
    URI uri = URI.create(cluster.url());
    String name = TestRedis.uniqueName("near-migration");
    try (CacheManager writer = NearCacheTest.nearCachedManager(uri, NearCacheSettings.PING_INTERVAL, "60000");
        CacheManager other = NearCacheTest.nearCachedManager(uri)) {
      Cache<String, String> cache = writer.createCache(name, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      Cache<String, String> otherCache = other.getCache(name, String.class, String.class);
      cache.get("warm-up");
      otherCache.get("warm-up");
      awaitLive(writer);
      awaitLive(other);

      String moving = "moving";
      int slot = slot(name, moving);
      String staying = null;
      for (int n = 0; staying == null; n++) {
        staying = slot(name, "staying-" + n) == slot ? "staying-" + n : null;
      }
      String stayingKey = staying;
      int source = cluster.ownerOf(slot);
      int target = cluster.ports().stream().filter(port -> port != source).findFirst().orElseThrow();
      cache.put(moving, "v1");
      cache.put(stayingKey, "s1");
      assertLocal(cluster, () -> {
        assertEquals("v1", cache.get(moving));
        assertEquals("s1", cache.get(stayingKey));
      }, "kept before the migration");

      cluster.startSlotMigration(slot, target);
      cluster.migrateKeys(source, target, List.of(redisKey(name, moving)));
      awaitTrue(() -> !dataCommands(measure(cluster, () -> assertEquals("v1", cache.get(moving)))).isEmpty(),
          "the migration's delete on the source is announced");

      Traffic asked = measure(cluster, () -> cache.put(moving, "v2"));
      assertTrue(asked.errorsPerServer().getOrDefault(ClusterTestServers.address(source), Map.of())
          .containsKey("ASK"), "sent to the source's tracking connection first: " + asked);
      assertRead(cluster, () -> assertEquals("v2", cache.get(moving)), "a write answered with ASK is not kept");
      cache.put(stayingKey, "s2"); // the key is still on the source, which runs it
      assertLocal(cluster, () -> assertEquals("s2", cache.get(stayingKey)), "a write the source ran is kept");

      cluster.finishSlotMigration(slot, source, target);
      // first, before a read through the pool meets MOVED and renews the slot cache
      Traffic moved = measure(cluster, () -> cache.put(moving, "v3"));
      assertTrue(moved.errorsPerServer().getOrDefault(ClusterTestServers.address(source), Map.of())
          .containsKey("MOVED"), "sent to the source's tracking connection first: " + moved);
      assertRead(cluster, () -> assertEquals("v3", cache.get(moving)), "a write answered with MOVED is not kept");
      awaitTrue(() -> !dataCommands(measure(cluster, () -> assertEquals("s2", cache.get(stayingKey)))).isEmpty(),
          "the migration of the staying key is announced");

      NearCacheTest.awaitLocal(new RedisCommandCounter(cluster.nodes()), () -> otherCache.get(moving));
      cache.put(moving, "v4"); // the slot cache names the target now
      assertLocal(cluster, () -> assertEquals("v4", cache.get(moving)), "a write the new owner ran is kept");
      awaitTrue(() -> "v4".equals(otherCache.get(moving)), "and announced to the other manager by the new owner");
      otherCache.put(moving, "o5");
      awaitTrue(() -> "o5".equals(cache.get(moving)), "the other manager's write on the new owner is seen");
      for (int i = 0; i < 100; i++) {
        assertEquals("o5", cache.get(moving));
        assertEquals("s2", cache.get(stayingKey));
      }
      assertNotEquals(source, cluster.ownerOf(slot));
      writer.destroyCache(name);
    }
  }

  private static Traffic measure(ClusterTestServers cluster, Runnable action) {
    try (RedisCommandCounter counter = new RedisCommandCounter(cluster.nodes())) {
      return counter.measure(action);
    }
  }

  private static void assertLocal(ClusterTestServers cluster, Runnable reads, String what) {
    assertEquals(Map.of(), dataCommands(measure(cluster, reads)), what);
  }

  private static void assertRead(ClusterTestServers cluster, Runnable reads, String what) {
    assertFalse(dataCommands(measure(cluster, reads)).isEmpty(), what);
  }
}
