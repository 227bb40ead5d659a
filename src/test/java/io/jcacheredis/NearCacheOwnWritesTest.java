package io.jcacheredis;

import static io.jcacheredis.NearCacheTest.awaitLive;
import static io.jcacheredis.NearCacheTest.awaitTrue;
import static io.jcacheredis.NearCacheTest.dataCommands;
import static io.jcacheredis.NearCacheTest.nearCachedManager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisCommandCounter.Traffic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * What this JVM's near-cached caches write is kept locally: the writes go over the tracking connection ({@code CLIENT
 * TRACKING ... NOLOOP}; on a cluster, as {@code @AlsoOnCluster}, that of the master owning the key's slot), so Redis
 * does not announce them back, while every other client's writes are still announced. Two managers with near caches
 * on separate pools stand for two JVMs.
 */
@AlsoOnCluster
class NearCacheOwnWritesTest {

  private CacheManager near;
  private CacheManager other;
  private CacheManager plain;
  private String name;
  private Cache<String, String> cache;
  private Cache<String, String> otherCache;
  private Cache<String, String> redisView;

  @BeforeEach
  void open() {
    name = TestRedis.uniqueName("own");
    plain = TestRedis.separateManager();
    redisView = plain.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    near = nearCachedManager(TestRedis.uri());
    cache = near.getCache(name, String.class, String.class);
    other = nearCachedManager(TestRedis.uri());
    otherCache = other.getCache(name, String.class, String.class);
    cache.get("warm-up");
    otherCache.get("warm-up");
    awaitLive(near);
    awaitLive(other);
  }

  @AfterEach
  void close() {
    if (plain == null) {
      return;
    }
    plain.destroyCache(name);
    plain.close();
    near.close();
    other.close();
  }

  /** Asserts that {@code reads} send no data command (they are answered locally). */
  private static void assertLocal(Runnable reads, String what) {
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      Traffic traffic = counter.measure(reads);
      assertEquals(Map.of(), dataCommands(traffic), what);
    }
  }

  @Test
  void aWriteThenAGetOfTheSameKeySendsNoRead() {
    List<Consumer<String>> writes = List.of(
        key -> cache.put(key, "put"),
        key -> assertTrue(cache.putIfAbsent(key, "put")),
        key -> cache.getAndPut(key, "put"));
    for (int i = 0; i < writes.size(); i++) {
      String key = "fresh-" + i;
      writes.get(i).accept(key);
      assertLocal(() -> assertEquals("put", cache.get(key)), "write #" + i + " of a fresh key, then get");
    }
    cache.put("k", "v1");
    cache.put("k", "v2"); // an existing entry, whose TTL the update keeps: known, the entry was held
    assertLocal(() -> assertEquals("v2", cache.get("k")), "an update, then get");
    assertEquals("v2", redisView.get("k"), "and Redis holds it");
  }

  /**
   * A write that a script makes (here a put in a cache with a creation TTL: the put script, which picks the creation
   * or the update TTL) is announced back although it went over the tracking connection: Redis counts a script's writes
   * as its script client's, which NOLOOP does not exclude. What it stored is dropped then; correct, only not kept.
   */
  @Test
  void aScriptsWriteIsAnnouncedBackAndReadAgain() {
    Cache<String, String> expiring = near.createCache(name + "-script", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
    try {
      expiring.put("k", "v1");
      awaitTrue(() -> {
        try (RedisCommandCounter counter = new RedisCommandCounter()) {
          return !dataCommands(counter.measure(() -> assertEquals("v1", expiring.get("k")))).isEmpty();
        }
      }, "the announcement of the script's write drops the local copy");
      NearCacheTest.awaitLocal(new RedisCommandCounter(), () -> assertEquals("v1", expiring.get("k")));
      assertTrue(expiring.replace("k", "v1", "v2")); // a compare-and-set: through the pool, dropped at once
      assertEquals("v2", expiring.get("k"));
    } finally {
      near.destroyCache(name + "-script");
    }
  }

  @Test
  void aWrittenValueLivesNoLongerThanTheTtlItWasWrittenWith() {
    Cache<String, String> expiring = near.createCache(name + "-ttl", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 300))));
    try {
      assertTrue(expiring.putIfAbsent("k", "v")); // SET NX PX: the TTL is the creation TTL
      assertLocal(() -> assertEquals("v", expiring.get("k")), "kept with its TTL");
      NearCacheTest.sleep(400);
      assertNull(expiring.get("k"), "expired with the TTL the write set");
    } finally {
      near.destroyCache(name + "-ttl");
    }
  }

  /**
   * Keys of every master (on one server: the one): each manager keeps what it wrote itself, with no read after it and
   * no announcement of it, and sees the other's writes. Each writes fresh keys (whose TTL it then knows) of its own,
   * in the same slot (a hash tag); then the first one updates its key while the other holds it.
   */
  @Test
  void onEveryMasterOwnWritesAreKeptAndTheOtherManagersAreSeen() {
    List<String> keys = keysOnEveryServer();
    for (String key : keys) {
      String otherKey = key + "-other";
      cache.put(key, "a");
      assertLocal(() -> assertEquals("a", cache.get(key)), key + ": the writer keeps its write");
      otherCache.put(otherKey, "b");
      assertLocal(() -> assertEquals("b", otherCache.get(otherKey)), otherKey + ": and so does the other manager");
      awaitTrue(() -> "b".equals(cache.get(otherKey)), otherKey + ": the writer reads the other manager's write");
      NearCacheTest.awaitLocal(new RedisCommandCounter(), () -> assertEquals("a", otherCache.get(key)));
      cache.put(key, "a2");
      assertLocal(() -> assertEquals("a2", cache.get(key)), key + ": the writer keeps its update");
      awaitTrue(() -> "a2".equals(otherCache.get(key)), key + ": the writer's update is announced to the other");
    }
    NearCacheTest.sleep(300); // far longer than an announcement of a write would take to arrive
    for (String key : keys) {
      assertLocal(() -> assertEquals("a2", cache.get(key)), key + ": its own writes did not invalidate it");
      assertLocal(() -> assertEquals("b", otherCache.get(key + "-other")), key + "-other: nor the other's");
      assertEquals("a2", redisView.get(key));
      assertEquals("b", redisView.get(key + "-other"));
    }
  }

  /**
   * Keys of the cache ({@code {spread-n}}: a hash tag, so that {@code {spread-n}-other} is in the same slot), at least
   * one on each server holding keys ({@link TestRedis#servers()}).
   */
  private List<String> keysOnEveryServer() {
    Map<String, RedisClient> servers = TestRedis.servers();
    servers.values().forEach(RedisClient::close);
    List<String> keys = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (int n = 0; covered.size() < servers.size() || keys.size() < 3; n++) {
      String key = "{spread-" + n + "}";
      if (covered.addAll(TestRedis.serversOf(List.of("jcache:" + name + ":" + key))) || keys.size() < 3) {
        keys.add(key);
      }
    }
    assertEquals(servers.keySet(), covered);
    return keys;
  }

  @Test
  void ownWritesAreNotAnnouncedBackButAnotherManagersAre() {
    otherCache.put("k", "mine");
    NearCacheTest.sleep(300); // far longer than an announcement of the write would take to arrive
    assertLocal(() -> assertEquals("mine", otherCache.get("k")), "its own write did not invalidate it");

    NearCacheTest.awaitLocal(new RedisCommandCounter(), () -> cache.get("k")); // held: its TTL is known here
    cache.put("k", "theirs");
    assertLocal(() -> assertEquals("theirs", cache.get("k")), "the writer keeps its own value");
    awaitTrue(() -> "theirs".equals(otherCache.get("k")), "the other manager's write is announced");
    redisView.put("k", "plain");
    awaitTrue(() -> "plain".equals(cache.get("k")) && "plain".equals(otherCache.get("k")),
        "a write through the pool of a manager without near cache is announced to both");
  }

  @Test
  void twoLocalWritersOfOneKeyNeverLeaveAnOlderValueKept() throws Exception {
    int rounds = 300;
    CyclicBarrier start = new CyclicBarrier(2);
    List<String> violations = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String key = "race-" + round;
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        String value = "w" + w;
        writers.add(new Thread(() -> {
          try {
            start.await(5, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          for (int i = 0; i < 3; i++) {
            cache.put(key, value + "-" + i);
          }
        }));
      }
      writers.forEach(Thread::start);
      for (Thread writer : writers) {
        writer.join();
      }
      String kept = cache.get(key);
      String inRedis = redisView.get(key);
      if (!inRedis.equals(kept)) {
        violations.add(key + ": this JVM reads " + kept + ", Redis holds " + inRedis);
      }
    }
    assertEquals(List.of(), violations, "no other client writes: a wrong value would never be invalidated");
  }

  @Test
  void aReaderHereNeverSeesTheVersionsWrittenHereGoBackwards() throws Exception {
    int versions = 500;
    Map<Integer, Long> acknowledgedAt = new java.util.concurrent.ConcurrentHashMap<>();
    cache.put("k", "0");
    Thread writing = new Thread(() -> {
      for (int v = 1; v <= versions; v++) {
        cache.put("k", Integer.toString(v));
        acknowledgedAt.put(v, System.nanoTime());
      }
    });
    writing.start();
    List<String> violations = new ArrayList<>();
    NearCacheTest.readVersions(cache, writing, versions, acknowledgedAt, violations);
    writing.join();
    assertEquals(List.of(), violations);
    assertEquals(Integer.toString(versions), cache.get("k"));
    assertLocal(() -> cache.get("k"), "the last version written here is kept");
  }

  @Test
  void anotherManagersWritesAreSeenWithinTheBoundWhileThisOneWritesToo() throws Exception {
    int versions = 300;
    Map<Integer, Long> acknowledgedAt = new java.util.concurrent.ConcurrentHashMap<>();
    otherCache.put("k", "0");
    Thread writing = new Thread(() -> {
      for (int v = 1; v <= versions; v++) {
        otherCache.put("k", Integer.toString(v));
        acknowledgedAt.put(v, System.nanoTime());
        cache.put("mine", Integer.toString(v)); // this manager's own writes, on its tracking connection
        NearCacheTest.sleep(1);
      }
    });
    writing.start();
    List<String> violations = new ArrayList<>();
    NearCacheTest.readVersions(cache, writing, versions, acknowledgedAt, violations);
    writing.join();
    assertEquals(List.of(), violations);
  }
}
