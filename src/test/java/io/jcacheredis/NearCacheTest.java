package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisCommandCounter.Traffic;
import io.jcacheredis.cache.RedisCache;
import io.jcacheredis.nearcache.NearCacheSettings;
import io.jcacheredis.nearcache.NearCaches;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The near cache on the shared server (and, as {@code @AlsoOnCluster}, on the 3-master cluster): hits are served
 * without a round trip and counted as hits, and whatever changes an entry in Redis (another manager, a raw client, a
 * flush, its TTL) removes the local copy.
 */
@AlsoOnCluster
class NearCacheTest {

  /** How long an invalidation may take to arrive here (loopback: milliseconds; generous for a busy machine). */
  static final long INVALIDATION_BOUND_MILLIS = 2_000;

  private CacheManager reader;
  private CacheManager writer;
  private String name;
  private Cache<String, String> readerCache;
  private Cache<String, String> writerCache;

  /** A manager with its own pool (another class loader) whose caches are near-cached. */
  static CacheManager nearCachedManager(java.net.URI uri, String... settings) {
    Properties properties = new Properties();
    properties.setProperty(NearCacheSettings.MAX_ENTRIES, "1000");
    for (int i = 0; i < settings.length; i += 2) {
      properties.setProperty(settings[i], settings[i + 1]);
    }
    ClassLoader loader = new URLClassLoader(new URL[0], NearCacheTest.class.getClassLoader());
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, loader, properties);
    return manager;
  }

  /** A manager without near cache with its own pool (another class loader), as another JVM would have. */
  static CacheManager separateManager(java.net.URI uri) {
    ClassLoader loader = new URLClassLoader(new URL[0], NearCacheTest.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(uri, loader);
  }

  /** Waits until the manager's near-cache invalidation is established. */
  static void awaitLive(CacheManager manager) {
    NearCaches nearCaches = manager.unwrap(NearCaches.class);
    awaitTrue(nearCaches::isLive, "near-cache invalidation established");
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    awaitTrue(condition, what, 10);
  }

  static void awaitTrue(BooleanSupplier condition, String what, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
      sleep(5);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void open() {
    name = TestRedis.uniqueName("near");
    writer = TestRedis.separateManager();
    writerCache = writer.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true));
    reader = nearCachedManager(TestRedis.uri());
    readerCache = reader.getCache(name, String.class, String.class);
    // the writer's configuration has no near cache, but the reader's manager setting turns it on for the reader
    reader.enableStatistics(name, true);
    readerCache.get("warm-up"); // opens the cache, which starts invalidation
    awaitLive(reader);
  }

  @AfterEach
  void close() {
    writer.destroyCache(name);
    writer.close();
    reader.close();
  }

  /**
   * Reads until the reader's cache holds the key locally (a read that sends no data command): the invalidations of
   * the writes before may still be on their way, and each removes what a read installed before it arrived.
   */
  private String readUntilLocal(String key) {
    awaitLocal(new RedisCommandCounter(), () -> readerCache.get(key));
    return readerCache.get(key);
  }

  /** Repeats {@code reads} until a run of them sends no data command to the servers the counter watches. */
  static void awaitLocal(RedisCommandCounter counter, Runnable reads) {
    try (counter) {
      awaitTrue(() -> {
        reads.run();
        return dataCommands(counter.measure(reads)).isEmpty();
      }, "held locally");
    }
  }

  static Map<String, Long> dataCommands(Traffic traffic) {
    Map<String, Long> commands = new HashMap<>(traffic.commands());
    // the invalidation listener's own checks: PING and, on a cluster, CLUSTER SLOTS; the pools' checks of idle
    // connections (PING); and the handshake of a connection a pool opens meanwhile (HELLO, CLIENT SETINFO, AUTH,
    // SELECT)
    commands.keySet().removeIf(command -> command.equals("ping") || command.startsWith("cluster")
        || command.startsWith("client") || command.equals("hello") || command.equals("auth")
        || command.equals("select"));
    return commands;
  }

  @Test
  void aHitIsServedWithoutARoundTripAndCountedAsAHit() {
    writerCache.put("k", "v1");
    writerCache.putAll(Map.of("a", "1", "b", "2"));
    readUntilLocal("k");
    awaitLocal(new RedisCommandCounter(), () -> readerCache.getAll(Set.of("a", "b")));
    CacheStatisticsMXBean statistics = readerCache.unwrap(RedisCache.class).statistics();
    long hitsBefore = statistics.getCacheHits();
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      Traffic traffic = counter.measure(() -> {
        assertEquals("v1", readerCache.get("k"));
        assertTrue(readerCache.containsKey("k"));
        assertEquals(Map.of("a", "1", "b", "2"), readerCache.getAll(Set.of("a", "b")));
      });
      assertEquals(Map.of(), dataCommands(traffic), "a near-cache hit sends nothing to Redis");
    }
    assertEquals(hitsBefore + 3, statistics.getCacheHits(), "get and getAll of two: three hits");
  }

  /**
   * The servers' script caches may have been emptied by another test (SCRIPT FLUSH): b and c are read once first, so
   * the script that reads them is cached where each lives, then written again so that the reader no longer holds them.
   */
  @Test
  void getAllSendsOnlyTheMissingKeys() {
    writerCache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    awaitLocal(new RedisCommandCounter(), () -> readerCache.getAll(Set.of("a", "b", "c")));
    writerCache.putAll(Map.of("b", "2", "c", "3"));
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      awaitTrue(() -> !dataCommands(counter.measure(() -> readerCache.containsKey("b"))).isEmpty()
          && !dataCommands(counter.measure(() -> readerCache.containsKey("c"))).isEmpty(), "b and c invalidated");
    }
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      Traffic traffic = counter.measure(
          () -> assertEquals(Map.of("a", "1", "b", "2", "c", "3"), readerCache.getAll(Set.of("a", "b", "c"))));
      assertEquals(Map.of("evalsha", 2L, "get", 2L, "pttl", 2L), dataCommands(traffic),
          "one script (GET and PTTL) per missing key, none for the local one");
    }
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      Traffic traffic = counter.measure(() -> readerCache.getAll(Set.of("a", "b", "c")));
      assertEquals(Map.of(), dataCommands(traffic), "all three local now");
    }
  }

  @Test
  void aWriteByAnotherManagerIsSeenWithinTheInvalidationBound() {
    writerCache.put("k", "v1");
    assertEquals("v1", readUntilLocal("k"));
    writerCache.put("k", "v2");
    awaitTrue(() -> "v2".equals(readerCache.get("k")), "the reader sees v2");
    writerCache.remove("k");
    awaitTrue(() -> readerCache.get("k") == null, "the reader sees the removal");
  }

  @Test
  void aWriteByARawClientInvalidatesToo() {
    writerCache.put("k", "v1");
    readUntilLocal("k");
    UnifiedJedis raw = TestRedis.raw();
    byte[] redisKey = ("jcache:" + name + ":k").getBytes(StandardCharsets.UTF_8);
    byte[] stored = raw.get(redisKey);
    writerCache.put("other", "v2");
    raw.set(redisKey, raw.get(("jcache:" + name + ":other").getBytes(StandardCharsets.UTF_8)));
    awaitTrue(() -> "v2".equals(readerCache.get("k")), "the raw write is seen");
    raw.set(redisKey, stored);
    awaitTrue(() -> "v1".equals(readerCache.get("k")), "and the next one");
  }

  @Test
  void aFlushEmptiesTheNearCache() {
    writerCache.put("k", "v1");
    readUntilLocal("k");
    if (TestRedis.isCluster()) {
      TestRedis.servers().values().forEach(server -> server.flushAll());
    } else {
      TestRedis.server().flushAll();
    }
    awaitTrue(() -> readerCache.get("k") == null, "the flushed entry is gone");
  }

  @Test
  void anImmutableValueIsReadOnceAndAMutableOneIsCopiedForEachCaller() {
    String large = "v1".repeat(300); // a value kept decoded is at least 512 bytes long
    writerCache.put("k", large);
    String first = readUntilLocal("k");
    assertEquals(large, first);
    assertSame(first, readerCache.get("k"), "a String no caller can change is handed out again");
    writerCache.put("k", "v2");
    awaitTrue(() -> "v2".equals(readerCache.get("k")), "the reader sees v2");

    String lists = name + "-lists";
    writer.createCache(lists, new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
    try {
      writer.getCache(lists, String.class, Object.class).put("l", new ArrayList<>(List.of("a".repeat(600))));
      Cache<String, Object> readerLists = reader.getCache(lists, String.class, Object.class);
      awaitLocal(new RedisCommandCounter(), () -> readerLists.get("l"));
      @SuppressWarnings("unchecked")
      List<String> mine = (List<String>) readerLists.get("l");
      Object again = readerLists.get("l");
      assertNotSame(mine, again, "store-by-value: each caller gets its own copy of a mutable value");
      mine.add("changed by a caller");
      assertEquals(List.of("a".repeat(600)), readerLists.get("l"), "what one caller changes, no other reads");
    } finally {
      writer.destroyCache(lists);
    }
  }

  @Test
  void ownWritesAreReadBackAtOnce() {
    writerCache.put("k", "v0");
    for (int i = 1; i <= 50; i++) {
      readerCache.get("k");
      readerCache.put("k", "v" + i);
      assertEquals("v" + i, readerCache.get("k"), "read-your-writes");
    }
    readerCache.remove("k");
    assertNull(readerCache.get("k"));
    assertFalse(readerCache.containsKey("k"));
  }

  @Test
  void anInvokeAfterAnInvokeCostsOneRoundTripAndAWriteElsewhereIsNeverLost() {
    Cache<String, Long> counters = writer.createCache(name + "-n", new MutableConfiguration<String, Long>()
        .setTypes(String.class, Long.class));
    try {
      Cache<String, Long> local = reader.getCache(name + "-n", String.class, Long.class);
      javax.cache.processor.EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
        long next = (entry.exists() ? entry.getValue() : 0L) + 1;
        entry.setValue(next);
        return next;
      };
      assertEquals(1L, local.invoke("n", increment));
      try (RedisCommandCounter counter = new RedisCommandCounter()) {
        Traffic traffic = counter.measure(() -> assertEquals(2L, local.invoke("n", increment)));
        assertEquals(Map.of("evalsha", 1L, "get", 1L, "set", 1L), dataCommands(traffic),
            "the compare-and-set script alone (its GET and SET inside), expecting the value stored last");
      }
      counters.put("n", 100L); // another manager's write: the guess is outdated
      assertEquals(101L, local.invoke("n", increment), "the compare-and-set fails, the entry is read, and retried");
      assertEquals(101L, counters.get("n"));
      counters.put("n", 200L);
      assertEquals(Long.valueOf(200L), local.<Long>invoke("n", (entry, arguments) -> entry.getValue()),
          "a decision that writes nothing is never answered from a guess");
      counters.remove("n");
      assertEquals(1L, local.invoke("n", increment), "absent again: started from 0");
    } finally {
      writer.destroyCache(name + "-n");
    }
  }

  @Test
  void concurrentIncrementsFromTwoNearCachedManagersAreNeverLost() throws Exception {
    CacheManager other = nearCachedManager(TestRedis.uri());
    Cache<String, Long> counters = writer.createCache(name + "-c", new MutableConfiguration<String, Long>()
        .setTypes(String.class, Long.class));
    try {
      javax.cache.processor.EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
        long next = (entry.exists() ? entry.getValue() : 0L) + 1;
        entry.setValue(next);
        return next;
      };
      List<Cache<String, Long>> sides = List.of(reader.getCache(name + "-c", String.class, Long.class),
          other.getCache(name + "-c", String.class, Long.class));
      int each = 200;
      List<Thread> threads = new java.util.ArrayList<>();
      for (Cache<String, Long> side : sides) {
        for (int t = 0; t < 2; t++) {
          threads.add(new Thread(() -> {
            for (int i = 0; i < each; i++) {
              side.invoke("n", increment);
            }
          }));
        }
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(Long.valueOf(4L * each), counters.get("n"));
      assertEquals(Long.valueOf(4L * each + 1), sides.get(0).invoke("n", increment));
    } finally {
      writer.destroyCache(name + "-c");
      other.close();
    }
  }

  @Test
  void aLocalCopyDoesNotOutliveItsRedisTtl() {
    Cache<String, String> expiring = writer.createCache(name + "-ttl", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 300))));
    try {
      Cache<String, String> local = reader.getCache(name + "-ttl", String.class, String.class);
      expiring.put("k", "v");
      assertEquals("v", local.get("k"));
      sleep(400);
      assertNull(local.get("k"), "expired with its Redis TTL, whether or not Redis deleted it yet");
    } finally {
      writer.destroyCache(name + "-ttl");
    }
  }

  @Test
  void versionsNeverGoBackwardsAndAcknowledgedWritesAreSeenWithinTheBound() throws Exception {
    int versions = 300;
    Map<Integer, Long> acknowledgedAt = new java.util.concurrent.ConcurrentHashMap<>();
    Thread writing = new Thread(() -> {
      for (int v = 1; v <= versions; v++) {
        writerCache.put("k", Integer.toString(v));
        acknowledgedAt.put(v, System.nanoTime());
        sleep(1);
      }
    });
    writerCache.put("k", "0");
    writing.start();
    List<String> violations = new java.util.ArrayList<>();
    int last = readVersions(readerCache, writing, versions, acknowledgedAt, violations);
    writing.join();
    assertEquals(List.of(), violations);
    assertEquals(versions, last);
  }

  /**
   * Reads key {@code k} of {@code reader} (values are version numbers) until {@code writing} has ended and the last
   * version was seen, noting a version that went backwards or one older than a version acknowledged ({@code
   * acknowledgedAt}, {@link System#nanoTime()}) more than {@link #INVALIDATION_BOUND_MILLIS} before the read started.
   *
   * @return the newest version seen
   */
  static int readVersions(Cache<String, String> reader, Thread writing, int versions,
      Map<Integer, Long> acknowledgedAt, List<String> violations) {
    int last = 0;
    while (writing.isAlive() || last < versions) {
      long started = System.nanoTime();
      int seen = Integer.parseInt(reader.get("k"));
      if (seen < last) {
        violations.add("went back from " + last + " to " + seen);
      }
      for (int v = seen + 1; v <= versions; v++) {
        Long at = acknowledgedAt.get(v);
        if (at != null && started - at > TimeUnit.MILLISECONDS.toNanos(INVALIDATION_BOUND_MILLIS)) {
          violations.add("read " + seen + " although " + v + " was acknowledged more than the bound before");
        }
      }
      last = Math.max(last, seen);
    }
    return last;
  }
}
