package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A cluster master fails over while its entry is near-cached: the near cache empties when the master goes, follows
 * the promoted replica once the masters change, and a write on the new master is seen, never the old value again.
 */
@WithRedis
@Timeout(120)
class NearCacheClusterFailoverTest {

  private static final String FAST = "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500";

  private CacheManager reader;
  private CacheManager writer;

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
    }
    if (writer != null) {
      writer.close();
    }
  }

  @Test
  void afterAFailoverTheNearCacheFollowsTheNewMaster(
      @ServerSettings("cluster-node-timeout 1000") ClusterTestServers cluster) throws Exception {
    Map<Integer, Integer> replicaOf = cluster.addReplicas();
    writer = cluster.newManager(FAST);
    Cache<String, String> writerCache = writer.createCache("failover", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    reader = NearCacheTest.nearCachedManager(URI.create(cluster.url() + FAST), NearCacheSettings.PING_INTERVAL,
        "100");
    Cache<String, String> readerCache = reader.getCache("failover", String.class, String.class);
    writerCache.put("k", "v1");
    readerCache.get("k");
    awaitLive(reader);
    assertEquals("v1", readerCache.get("k"));
    assertEquals("v1", readerCache.get("k"));
    replicaOf.keySet().forEach(cluster::awaitReplicated);

    int slot = JedisClusterCRC16.getSlot("jcache:failover:k".getBytes(StandardCharsets.UTF_8));
    int master = cluster.ownerOf(slot);
    int replica = replicaOf.get(master);
    cluster.stop(master);
    NearCaches nearCaches = reader.unwrap(NearCaches.class);
    awaitTrue(() -> !nearCaches.isLive(), "the near cache notices that its master went");
    awaitTrue(() -> cluster.ownerOf(slot) == replica, "the replica is promoted", 30);
    awaitTrue(() -> {
      try {
        writerCache.put("k", "v2");
        return true;
      } catch (CacheException e) {
        return false; // the writer's view of the cluster catches up
      }
    }, "the writer writes on the new master", 30);
    awaitTrue(() -> {
      try {
        return "v2".equals(readerCache.get("k"));
      } catch (CacheException e) {
        return false;
      }
    }, "the reader sees the write on the new master", 30);
    awaitLive(reader);
    for (int i = 0; i < 200; i++) {
      assertEquals("v2", readerCache.get("k"), "never the old value again");
    }
    writerCache.put("k", "v3");
    awaitTrue(() -> "v3".equals(readerCache.get("k")), "invalidation from the new master");
    assertTrue(nearCaches.isLive());
  }
}
