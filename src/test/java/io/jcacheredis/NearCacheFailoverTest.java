package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A master fails over while its entry is near-cached. On a cluster: the near cache empties when the master goes,
 * follows the promoted replica once the masters change, and a write on the new master is seen, never the old value
 * again. Through Redis Sentinel: the failover empties the near cache, no read returns the value from before a write
 * the new master acknowledged, and invalidation works again there.
 */
@WithRedis
@Timeout(120)
class NearCacheFailoverTest {

  private static final String FAST = "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500";
  private static final long FAILOVER_TIMEOUT_MILLIS = 30_000;

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
    Cache<String, String> writerCache = writerCache();
    Cache<String, String> readerCache = readerHoldingV1(URI.create(cluster.url() + FAST), writerCache);
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

    Supplier<RedisCommandCounter> liveNodes = () -> {
      Map<String, RedisClient> live = cluster.nodes();
      live.remove(ClusterTestServers.address(master)).close();
      return new RedisCommandCounter(live);
    };
    NearCacheTest.awaitLocal(liveNodes.get(), () -> readerCache.get("k"));
    readerCache.put("k", "mine"); // over the tracking connection of the promoted master
    try (RedisCommandCounter counter = liveNodes.get()) {
      assertEquals(Map.of(), NearCacheTest.dataCommands(counter.measure(
          () -> assertEquals("mine", readerCache.get("k")))), "the reader keeps its own write on the new master");
    }
    assertEquals("mine", writerCache.get("k"));
    writerCache.put("k", "v4");
    awaitTrue(() -> "v4".equals(readerCache.get("k")), "a write after the reader's own is seen");
  }

  @Test
  void aSentinelFailoverEmptiesTheNearCacheAndNoStaleValueIsReadAfterwards(SentinelTestServers servers)
      throws Exception {
    URI uri = URI.create(servers.url() + FAST);
    writer = NearCacheTest.separateManager(uri);
    Cache<String, String> writerCache = writerCache();
    Cache<String, String> readerCache = readerHoldingV1(uri, writerCache);
    int oldMaster = servers.masterPort();
    try (Jedis master = servers.node(oldMaster)) {
      assertEquals(1, master.waitReplicas(1, 2000), "the replica acknowledged the writes");
    }

    NearCaches nearCaches = reader.unwrap(NearCaches.class);
    servers.stopNode(oldMaster);
    awaitTrue(() -> !nearCaches.isLive(), "the master's death empties the near cache");
    long acknowledged = writeUntilAMasterAnswers(writerCache, "v2");
    assertEquals(servers.replicaPort(), servers.currentMasterPort(), "the sentinel promoted the replica");

    long bound = TimeUnit.MILLISECONDS.toNanos(NearCacheTest.INVALIDATION_BOUND_MILLIS);
    List<String> stale = new ArrayList<>();
    int newReads = 0;
    while ((System.nanoTime() - acknowledged < 2 * bound || newReads == 0)
        && System.nanoTime() - acknowledged < TimeUnit.MILLISECONDS.toNanos(FAILOVER_TIMEOUT_MILLIS)) {
      long started = System.nanoTime();
      String read;
      try {
        read = readerCache.get("k");
      } catch (CacheException e) {
        continue; // the reader's pool still finding the new master: a failure, not a stale value
      }
      if ("v2".equals(read)) {
        newReads++;
      } else if (started - acknowledged > bound || newReads > 0) {
        stale.add(read + " read " + TimeUnit.NANOSECONDS.toMillis(started - acknowledged) + " ms after v2 was"
            + " acknowledged" + (newReads > 0 ? ", after v2 had been read" : ""));
      }
    }
    assertEquals(List.of(), stale.subList(0, Math.min(10, stale.size())), stale.size() + " stale reads");
    assertTrue(newReads > 0, "the reader reads the new master");

    awaitLive(reader);
    writerCache.put("k", "v3");
    awaitTrue(() -> "v3".equals(readerCache.get("k")), "invalidation works again on the new master");
  }

  private Cache<String, String> writerCache() {
    return writer.createCache("failover", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  /** Opens the near-cached reader (pinging every 100 ms) once the writer stored k = v1, holding it locally. */
  private Cache<String, String> readerHoldingV1(URI uri, Cache<String, String> writerCache) {
    reader = NearCacheTest.nearCachedManager(uri, NearCacheSettings.PING_INTERVAL, "100");
    Cache<String, String> readerCache = reader.getCache("failover", String.class, String.class);
    writerCache.put("k", "v1");
    readerCache.get("k");
    awaitLive(reader);
    assertEquals("v1", readerCache.get("k"));
    assertEquals("v1", readerCache.get("k"));
    return readerCache;
  }

  /** Writes until a master acknowledges; returns when ({@link System#nanoTime()}). */
  private static long writeUntilAMasterAnswers(Cache<String, String> cache, String value) throws Exception {
    long deadline = System.currentTimeMillis() + FAILOVER_TIMEOUT_MILLIS;
    while (true) {
      try {
        cache.put("k", value);
        return System.nanoTime();
      } catch (CacheException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("No master acknowledged a write within " + FAILOVER_TIMEOUT_MILLIS + " ms", e);
        }
        Thread.sleep(100);
      }
    }
  }
}
