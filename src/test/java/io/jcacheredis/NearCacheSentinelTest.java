package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * The near cache on a master found through Redis Sentinel: the master dies, the sentinel promotes the replica. The
 * failover empties the near cache (nothing is served locally until invalidation is re-established on the new master),
 * no read returns the value from before a write acknowledged by the new master, and invalidation works again there.
 */
@WithRedis
@Timeout(90)
class NearCacheSentinelTest {

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
  void aFailoverEmptiesTheNearCacheAndNoStaleValueIsReadAfterwards(SentinelTestServers servers) throws Exception {
    URI uri = URI.create(servers.url()
        + "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500");
    writer = NearCacheTest.separateManager(uri);
    Cache<String, String> writerCache = writer.createCache("near-sentinel",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    reader = NearCacheTest.nearCachedManager(uri, NearCacheSettings.PING_INTERVAL, "100");
    Cache<String, String> readerCache = reader.getCache("near-sentinel", String.class, String.class);
    writerCache.put("k", "v1");
    readerCache.get("warm-up");
    awaitLive(reader);
    assertEquals("v1", readerCache.get("k"));
    assertEquals("v1", readerCache.get("k"));
    int oldMaster = servers.masterPort();
    try (Jedis master = servers.node(oldMaster)) {
      assertEquals(1, master.waitReplicas(1, 2000), "the replica acknowledged the writes");
    }

    NearCaches nearCaches = reader.unwrap(NearCaches.class);
    servers.stopNode(oldMaster);
    awaitTrue(() -> !nearCaches.isLive(), "the master's death empties the near cache");
    long acknowledged = writeUntilTheNewMasterAnswers(writerCache, "v2");
    assertEquals(servers.replicaPort(), servers.currentMasterPort(), "the sentinel promoted the replica");

    long bound = TimeUnit.MILLISECONDS.toNanos(NearCacheTest.INVALIDATION_BOUND_MILLIS);
    List<String> stale = new ArrayList<>();
    int newReads = 0;
    while (System.nanoTime() - acknowledged < 2 * bound || newReads == 0) {
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
      if (System.nanoTime() - acknowledged > TimeUnit.MILLISECONDS.toNanos(FAILOVER_TIMEOUT_MILLIS)) {
        break;
      }
    }
    assertEquals(List.of(), stale.subList(0, Math.min(10, stale.size())), stale.size() + " stale reads");
    assertTrue(newReads > 0, "the reader reads the new master");

    awaitLive(reader);
    writerCache.put("k", "v3");
    awaitTrue(() -> "v3".equals(readerCache.get("k")), "invalidation works again on the new master");
  }

  /** Writes until the promoted master acknowledges; returns when ({@link System#nanoTime()}). */
  private static long writeUntilTheNewMasterAnswers(Cache<String, String> cache, String value) throws Exception {
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
