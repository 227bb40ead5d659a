package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static io.jcacheredis.NearCacheTest.nearCachedManager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Protocol;

/**
 * The near cache when its invalidation cannot be trusted: the invalidation connection freezes (a {@link
 * FreezableProxy}), Redis restarts empty, or Redis refuses tracking. Afterwards no read returns what the near cache
 * held before; and it works again once invalidation is back.
 */
@WithRedis
@Timeout(60)
@SuppressWarnings("deprecation") // raw ACL commands through sendCommand(command, String...)
class NearCacheFailureTest {

  private static final String PING_INTERVAL = "100";

  private CacheManager reader;
  private CacheManager writer;
  private FreezableProxy proxy;

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.thaw();
    }
    if (reader != null) {
      reader.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private Cache<String, String> readerCache(URI uri, String name) {
    reader = nearCachedManager(uri, NearCacheSettings.PING_INTERVAL, PING_INTERVAL,
        "jcache.redis.timeout.millis", "500", "jcache.redis.connect-timeout.millis", "500");
    Cache<String, String> cache = reader.getCache(name, String.class, String.class);
    cache.get("warm-up");
    awaitLive(reader);
    return cache;
  }

  /** The cache of a writer: a manager of its own, straight to Redis. */
  private Cache<String, String> writerCache(RedisTestServer server, String name) {
    writer = NearCacheTest.separateManager(server.uri());
    return writer.createCache(name, strings());
  }

  /** The near-cached reader's cache, whose connections (invalidation included) go through a freezable proxy. */
  private Cache<String, String> readerBehindAProxy(RedisTestServer server, String name) throws java.io.IOException {
    proxy = FreezableProxy.start("127.0.0.1", server.port());
    return readerCache(URI.create("redis://127.0.0.1:" + proxy.port()), name);
  }

  /**
   * Freezes the proxy, writes {@code written} to key k with the writer (its invalidation held in the proxy), waits
   * until the reader's manager knows invalidation lost and checks that k does not read {@code stale}; then thaws,
   * waits for invalidation and checks that k reads {@code written}.
   */
  private void writeWhileFrozen(Cache<String, String> writerCache, Cache<String, String> readerCache, String written,
      String stale) throws java.io.IOException {
    proxy.freeze(Freeze.HUNG_SERVER);
    writerCache.put("k", written);
    NearCaches nearCaches = reader.unwrap(NearCaches.class);
    awaitTrue(() -> !nearCaches.isLive(), "the frozen invalidation connections are noticed");
    String read;
    try {
      read = readerCache.get("k");
    } catch (CacheException e) {
      read = "failed: " + e.getMessage(); // Redis cannot be reached through the proxy: a failure, not a stale value
    }
    assertNotEquals(stale, read, "nothing stale once invalidation is known lost");
    proxy.thaw();
    awaitLive(reader);
    assertEquals(written, readerCache.get("k"));
  }

  @Test
  void aFrozenInvalidationConnectionEmptiesTheNearCacheAndNothingStaleIsReadAfterwards(RedisTestServer server)
      throws Exception {
    Cache<String, String> writerCache = writerCache(server, "frozen");
    Cache<String, String> readerCache = readerBehindAProxy(server, "frozen");
    writerCache.put("k", "v1");
    assertEquals("v1", readerCache.get("k"));
    assertEquals("v1", readerCache.get("k"));

    writeWhileFrozen(writerCache, readerCache, "v2", "v1");
    assertEquals("v2", readerCache.get("k"));
    writerCache.put("k", "v3");
    awaitTrue(() -> "v3".equals(readerCache.get("k")), "invalidation works again after the thaw");
  }

  /**
   * What this JVM wrote is kept locally (on one server its writes go over the tracking connection); when that
   * connection and the subscriber freeze, it is dropped with everything else, and after the thaw a new tracking
   * connection carries the writes again.
   */
  @Test
  void aFrozenTrackingConnectionDropsWhatThisJvmWroteAndNothingStaleIsReadAfterwards(RedisTestServer server)
      throws Exception {
    Cache<String, String> writerCache = writerCache(server, "frozen-own");
    Cache<String, String> readerCache = readerBehindAProxy(server, "frozen-own");
    RedisCommandCounter counter = new RedisCommandCounter(java.util.Map.of(server.address(), server.raw()));
    readerCache.put("k", "mine");
    NearCacheTest.awaitLocal(counter, () -> assertEquals("mine", readerCache.get("k")));

    writeWhileFrozen(writerCache, readerCache, "theirs", "mine");
    readerCache.put("k", "mine again");
    NearCacheTest.awaitLocal(new RedisCommandCounter(java.util.Map.of(server.address(), server.raw())),
        () -> assertEquals("mine again", readerCache.get("k")));
    writerCache.put("k", "theirs again");
    awaitTrue(() -> "theirs again".equals(readerCache.get("k")), "invalidation works again after the thaw");
  }

  /**
   * While the invalidation connection is silent (frozen, not yet counted as lost), a write's invalidation is held up:
   * the old value may be served only until two ping intervals after the last answered PING was sent, which was
   * before the write was acknowledged. Without that bound it would be served until the connection counts as lost,
   * three intervals after the last byte it carried.
   */
  @Test
  void aSilentInvalidationConnectionStopsLocalHitsWithinTwoPingIntervalsOfAWrite(RedisTestServer server)
      throws Exception {
    Cache<String, String> writerCache = writerCache(server, "silent");
    Cache<String, String> readerCache = readerBehindAProxy(server, "silent");
    writerCache.put("k", "v1");
    NearCacheTest.awaitLocal(new RedisCommandCounter(java.util.Map.of(server.address(), server.raw())),
        () -> assertEquals("v1", readerCache.get("k")));

    proxy.freeze(Freeze.HUNG_SERVER);
    writerCache.put("k", "v2"); // straight to Redis; its invalidation is held in the frozen proxy
    long acknowledged = System.nanoTime();
    long interval = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(PING_INTERVAL));
    long bound = 2 * interval;
    long lastStale = Long.MIN_VALUE;
    int staleReads = 0;
    while (System.nanoTime() - acknowledged < 4 * interval) { // past the 3 intervals after which it counts as lost
      long started = System.nanoTime();
      String read;
      try {
        read = readerCache.get("k");
      } catch (CacheException e) {
        read = null; // Redis cannot be reached through the proxy: a failure, not a stale value
      }
      if ("v1".equals(read)) {
        staleReads++;
        lastStale = started - acknowledged;
      }
    }
    assertTrue(lastStale < bound, "the old value was served " + TimeUnit.NANOSECONDS.toMillis(lastStale)
        + " ms after the write was acknowledged (" + staleReads + " stale reads); the bound is "
        + TimeUnit.NANOSECONDS.toMillis(bound) + " ms");

    proxy.thaw();
    awaitLive(reader);
    awaitTrue(() -> "v2".equals(readerCache.get("k")), "the new value once thawed");
    NearCacheTest.awaitLocal(new RedisCommandCounter(java.util.Map.of(server.address(), server.raw())),
        () -> assertEquals("v2", readerCache.get("k")));
  }

  @Test
  void aRestartedRedisIsNeverAnsweredFromTheNearCache(RedisTestServer server) {
    writer = NearCacheTest.separateManager(server.uri());
    Cache<String, String> writerCache = writer.createCache("restart", strings());
    Cache<String, String> readerCache = readerCache(server.uri(), "restart");
    writerCache.put("k", "v1");
    assertEquals("v1", readerCache.get("k"));
    assertEquals("v1", readerCache.get("k"));

    server.stop();
    server.start(); // empty: no persistence
    awaitTrue(() -> {
      try {
        return readerCache.get("k") == null;
      } catch (CacheException e) {
        return false; // the pool's connections to the old process fail once each
      }
    }, "the restarted, empty Redis answers");
    awaitLive(reader);
    awaitTrue(() -> {
      try {
        writerCache.put("k", "v2");
        return true;
      } catch (CacheException e) {
        return false; // the writer's pooled connections to the old process fail once each
      }
    }, "the writer writes again");
    assertEquals("v2", readerCache.get("k"));
    writerCache.put("k", "v3");
    awaitTrue(() -> "v3".equals(readerCache.get("k")), "invalidation works again after the restart");
  }

  @Test
  void theUrlQueryTurnsItOnAndACacheCanTurnItOff(RedisTestServer server) {
    reader = NearCacheTest.separateManager(URI.create(server.url() + "?near-cache.max-entries=10"));
    Cache<String, String> nearCached = reader.createCache("query", strings());
    Cache<String, String> notNearCached = reader.createCache("own-setting",
        new RedisCacheConfiguration<String, String>().setNearCacheMaxEntries(0L)
            .setTypes(String.class, String.class));
    nearCached.put("k", "v");
    notNearCached.put("k", "v");
    awaitLive(reader);
    NearCacheTest.awaitLocal(new RedisCommandCounter(java.util.Map.of(server.address(), server.raw())),
        () -> nearCached.get("k"));
    notNearCached.get("k");
    try (RedisCommandCounter counter = new RedisCommandCounter(java.util.Map.of(server.address(), server.raw()))) {
      assertEquals(java.util.Map.of("get", 1L), NearCacheTest.dataCommands(counter.measure(
          () -> notNearCached.get("k"))), "no near cache: a GET");
    }
  }

  @Test
  void maxBytesInTheUrlQueryTurnsItOnBoundedInBytes(RedisTestServer server) {
    reader = NearCacheTest.separateManager(URI.create(server.url() + "?near-cache.max-bytes=100000"));
    Cache<String, String> nearCached = reader.createCache("bytes", strings());
    nearCached.put("k", "v");
    awaitLive(reader);
    NearCacheTest.awaitLocal(new RedisCommandCounter(java.util.Map.of(server.address(), server.raw())),
        () -> assertEquals("v", nearCached.get("k")));
  }

  @Test
  void whenAnAclForbidsTrackingTheCachesReadRedisAndOneWarningSaysWhy(RedisTestServer server) {
    server.raw().sendCommand(Protocol.Command.ACL, "SETUSER", "noclient", "on", ">pw", "~*", "&*", "+@all",
        "-client");
    URI uri = URI.create("redis://noclient:pw@127.0.0.1:" + server.port());
    writer = NearCacheTest.separateManager(server.uri());
    Cache<String, String> writerCache = writer.createCache("refused", strings());
    String log = TestLogs.capturingStandardError(() -> {
      reader = nearCachedManager(uri, NearCacheSettings.PING_INTERVAL, PING_INTERVAL);
      Cache<String, String> readerCache = reader.getCache("refused", String.class, String.class);
      writerCache.put("k", "v1");
      assertEquals("v1", readerCache.get("k"));
      NearCacheTest.sleep(500);
      writerCache.put("k", "v2");
      assertEquals("v2", readerCache.get("k"), "read from Redis: no near cache");
      assertNull(readerCache.get("absent"));
    });
    assertFalse(reader.unwrap(NearCaches.class).isLive());
    assertTrue(log.contains("Near cache off: Redis refused invalidation tracking"), log);
    assertTrue(log.contains(NearCacheSettings.MAX_ENTRIES), "names the setting: " + log);
    assertEquals(1, log.split("Near cache off", -1).length - 1, "one warning: " + log);
  }
}
