package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheWriter;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The Redis extension reached through unwrap, on the same entries as the JCache view. */
@AlsoOnCluster
class AsyncRedisCacheTest {

  private CacheManager manager;
  private String name;
  private Cache<String, Object> cache;
  private AsyncRedisCache<String, Object> redis;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("async");
    cache = manager.createCache(name, new MutableConfiguration<String, Object>().setStatisticsEnabled(true));
    redis = cache.unwrap(AsyncRedisCache.class);
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletionStage<?> stage) {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return error.getCause();
  }

  @Test
  void commonOperationsAreTheJCacheOnes() throws Exception {
    await(redis.put("a", "1"));
    assertEquals("1", cache.get("a"));
    cache.put("b", "2");
    assertEquals("2", await(redis.get("b")));
    await(redis.putAll(Map.of("c", "3", "d", "4")));
    assertEquals(Map.of("c", "3", "d", "4"), await(redis.getAll(Set.of("c", "d", "zz"))));
    assertTrue(await(redis.remove("a")));
    assertFalse(cache.containsKey("a"));
    CacheStatisticsMXBean stats = cache.unwrap(io.jcacheredis.cache.RedisCache.class).statistics();
    assertEquals(4, stats.getCachePuts(), "puts through the extension are counted");
    assertEquals(1, stats.getCacheRemovals());
    assertThrows(NullPointerException.class, () -> redis.get(null));
  }

  @Test
  void ttlDistinguishesMissingPersistentAndExpiring() throws Exception {
    assertEquals(Duration.ZERO, await(redis.ttl("missing")));
    cache.put("forever", "x");
    assertNull(await(redis.ttl("forever")));
    await(redis.set("soon", "x", SetOptions.always().timeout(Duration.ofSeconds(25))));
    Duration left = await(redis.ttl("soon"));
    assertTrue(left.toMillis() > 24_000 && left.toMillis() <= 25_000, left.toString());
  }

  @Test
  void persistAndExpireReportWhetherTheKeyExisted() throws Exception {
    await(redis.set("k", "v", SetOptions.always().timeout(Duration.ofSeconds(22))));
    assertTrue(await(redis.persist("k")));
    assertNull(await(redis.ttl("k")));
    assertTrue(await(redis.expire("k", Duration.ofSeconds(5))));
    long left = await(redis.ttl("k")).toMillis();
    assertTrue(left > 4000 && left <= 5000, left + " ms");
    assertFalse(await(redis.persist("nope")));
    assertFalse(await(redis.expire("nope", Duration.ofSeconds(5))));
    assertTrue(await(redis.expire("k", Duration.ZERO)), "zero expires at once");
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void setHonoursNxXxAndTimeout() throws Exception {
    assertTrue(await(redis.set("key", "value1", SetOptions.always().ifAbsent())));
    assertFalse(await(redis.set("key", "value2", SetOptions.always().ifAbsent())));
    assertEquals("value1", cache.get("key"));
    assertFalse(await(redis.set("other", "x", SetOptions.always().ifPresent())));
    assertFalse(cache.containsKey("other"));
    assertTrue(await(redis.set("key", "value3", SetOptions.always().ifAbsent().ifPresent())), "xx overrides nx");
    assertEquals("value3", cache.get("key"));
    assertTrue(await(redis.set("key", "gone", SetOptions.always().timeout(Duration.ZERO))));
    assertFalse(cache.containsKey("key"), "timeout 0 expires the value at once");
    assertTrue(await(redis.set("t", "v", SetOptions.always().ifAbsent().timeout(Duration.ofMillis(100)))));
    Thread.sleep(300);
    assertNull(cache.get("t"));
  }

  @Test
  void setWithoutExpiryIgnoresTheExpiryPolicyAndRemovesATtl() throws Exception {
    await(redis.set("t", "v", SetOptions.always().timeout(Duration.ofMinutes(1))));
    assertTrue(await(redis.set("t", "w", SetOptions.always().withoutExpiry())));
    assertNull(await(redis.ttl("t")), "the TTL is gone");
    assertEquals("w", cache.get("t"));

    String expiringName = TestRedis.uniqueName("async-expiring");
    Cache<String, Object> expiring = manager.createCache(expiringName, new MutableConfiguration<String, Object>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5))));
    try {
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Object> other = expiring.unwrap(AsyncRedisCache.class);
      assertTrue(await(other.set("p", "v", SetOptions.always().withoutExpiry())));
      assertNull(await(other.ttl("p")), "no TTL although the policy gives 5 minutes");
      assertFalse(await(other.set("p", "x", SetOptions.always().ifAbsent().withoutExpiry())));
      expiring.put("q", "v");
      assertTrue(await(other.ttl("q")).toMinutes() >= 4, "the policy applies to put");
      assertTrue(await(other.set("q", "w", SetOptions.always().ifPresent().withoutExpiry())));
      assertNull(await(other.ttl("q")));
      assertEquals("w", expiring.get("q"));
      assertEquals("v", expiring.get("p"));
    } finally {
      manager.destroyCache(expiringName);
    }

    SetOptions both = SetOptions.always().timeout(Duration.ofSeconds(1)).withoutExpiry();
    assertTrue(both.neverExpires());
    assertNull(both.timeout(), "the later choice wins");
    assertFalse(both.timeout(Duration.ofSeconds(2)).neverExpires());
    assertEquals("SetOptions[NX, no expiry]", SetOptions.always().ifAbsent().withoutExpiry().toString());
  }

  /** Timeout zero is a put whose expiry says zero: JCache calls the writer for it, and so does set. */
  @Test
  void setWithTimeoutZeroWritesThroughAsAPutWithZeroExpiryDoes() throws Exception {
    List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
    CacheWriter<String, Object> writer = new CacheWriter<>() {
      @Override
      public void write(Cache.Entry<? extends String, ? extends Object> entry) {
        written.add(entry.getKey() + "=" + entry.getValue());
      }

      @Override
      public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends Object>> entries) {
        entries.forEach(this::write);
        entries.clear();
      }

      @Override
      public void delete(Object key) {
        written.add("delete " + key);
      }

      @Override
      public void deleteAll(java.util.Collection<?> keys) {
        keys.forEach(this::delete);
        keys.clear();
      }
    };
    String zeroName = TestRedis.uniqueName("async-zero-policy");
    String writingName = TestRedis.uniqueName("async-writing");
    Cache<String, Object> zeroPolicy = manager.createCache(zeroName, new MutableConfiguration<String, Object>()
        .setWriteThrough(true).setCacheWriterFactory(new SingletonFactory<>(writer))
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ZERO)));
    Cache<String, Object> writing = manager.createCache(writingName, new MutableConfiguration<String, Object>()
        .setWriteThrough(true).setCacheWriterFactory(new SingletonFactory<>(writer)));
    try {
      zeroPolicy.put("a", "1");
      assertEquals(List.of("a=1"), written, "JCache: the writer sees a put that expires at once");
      assertFalse(zeroPolicy.containsKey("a"));

      written.clear();
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Object> ext = writing.unwrap(AsyncRedisCache.class);
      SetOptions zero = SetOptions.always().timeout(Duration.ZERO);
      assertTrue(await(ext.set("a", "1", zero)));
      assertFalse(writing.containsKey("a"));
      writing.put("b", "old");
      assertTrue(await(ext.set("b", "2", zero)));
      assertFalse(writing.containsKey("b"), "the existing value went");
      assertFalse(await(ext.set("c", "3", zero.ifPresent())), "absent: the condition fails");
      assertTrue(await(ext.set("a", "4", zero.ifAbsent())));
      writing.put("d", "old");
      assertFalse(await(ext.set("d", "5", zero.ifAbsent())), "present: the condition fails");
      assertTrue(await(ext.set("d", "6", zero.ifPresent())));
      assertFalse(writing.containsKey("d"));
      assertEquals(List.of("a=1", "b=old", "b=2", "a=4", "d=old", "d=6"), written,
          "the writer sees exactly the writes whose condition held");
    } finally {
      manager.destroyCache(zeroName);
      manager.destroyCache(writingName);
    }
  }

  /** Hands out one instance, so a test can watch what the cache does with it. */
  static final class SingletonFactory<T> implements Factory<T> {
    private static final long serialVersionUID = 1L;
    private final transient T instance;

    SingletonFactory(T instance) {
      this.instance = instance;
    }

    @Override
    public T create() {
      return instance;
    }
  }

  @Test
  void incrAndDecrAreAtomicInRedisAndGetStillReturnsTheNumber() throws Exception {
    cache.put("n", 10L);
    assertEquals(15L, await(redis.incr("n", 5)));
    assertEquals(12L, await(redis.decr("n", 3)));
    assertEquals(12L, cache.get("n"));
    long expected = 12;
    for (long delta : new long[] {127, 128, -128, -129, 1_000_000_007L, -1_000_000_007L, 0, 2}) {
      expected += delta;
      assertEquals(expected, await(redis.incr("n", delta)), "delta " + delta);
    }
    assertEquals(12L, cache.get("n"));
    try (UnifiedJedis raw = TestRedis.raw()) {
      assertEquals("12", raw.get("jcache:" + name + ":n"), "Longs are decimal text in Redis");
    }
    assertInstanceOf(NoSuchElementException.class, failure(redis.incr("missing", 1)));
    assertFalse(cache.containsKey("missing"));
    cache.put("s", "not a number");
    Throwable notANumber = failure(redis.incr("s", 1));
    assertInstanceOf(ArithmeticException.class, notANumber);
    assertTrue(notANumber.getMessage().contains("not an integer"), notANumber.getMessage());
    assertEquals("not a number", cache.get("s"));
    cache.put("max", Long.MAX_VALUE);
    assertInstanceOf(ArithmeticException.class, failure(redis.incr("max", 1)));
    assertEquals(Long.MAX_VALUE, cache.get("max"));
  }

  /** Each script is sent as EVALSHA and, when the server answers NOSCRIPT, once as EVAL (which caches it again). */
  @Test
  void scriptsRunAfterTheServerForgotThem() throws Exception {
    cache.put("n", 1L);
    cache.put("s", "x");
    flushScripts();
    assertEquals(3L, await(redis.incr("n", 2)), "increment.lua");
    flushScripts();
    assertTrue(cache.replace("s", "x", "y"), "cas.lua");
    flushScripts();
    assertTrue(await(redis.expire("s", Duration.ofMinutes(5))), "expire_if_exists.lua");
    flushScripts();
    assertTrue(await(redis.set("s", "z", SetOptions.always().ifPresent().timeout(Duration.ofMinutes(3)))),
        "put.lua");
    assertEquals("z", cache.get("s"));
    assertEquals(4L, await(redis.incr("n", 1)), "increment.lua by EVALSHA again");
    Duration ttl = await(redis.ttl("s"));
    assertTrue(ttl.compareTo(Duration.ofMinutes(2)) > 0 && ttl.compareTo(Duration.ofMinutes(3)) <= 0, ttl::toString);
  }

  /** SCRIPT FLUSH on every server (on a cluster, every master: each caches its scripts). */
  private static void flushScripts() {
    for (RedisClient server : TestRedis.servers().values()) {
      try (server) {
        server.scriptFlush();
      }
    }
  }

  @Test
  void incrFromTwoManagersIsExact() throws Exception {
    CacheManager second = TestRedis.separateManager();
    try {
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Object> other = second.getCache(name).unwrap(AsyncRedisCache.class);
      cache.put("hits", 0L);
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        AsyncRedisCache<String, Object> target = thread % 2 == 0 ? redis : other;
        all.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 500; i++) {
            target.incr("hits", 1).toCompletableFuture().join();
          }
        }));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      assertEquals(4000L, cache.get("hits"));
    } finally {
      second.close();
    }
  }

  @Test
  void listenersSeeExtensionWrites() throws Exception {
    List<String> seen = new ArrayList<>();
    class Recorder implements CacheEntryCreatedListener<String, Object>, CacheEntryUpdatedListener<String, Object> {
      @Override
      public void onCreated(Iterable<CacheEntryEvent<? extends String, ?>> events) {
        events.forEach(e -> seen.add("created " + e.getKey() + "=" + e.getValue()));
      }

      @Override
      public void onUpdated(Iterable<CacheEntryEvent<? extends String, ?>> events) {
        events.forEach(e -> seen.add("updated " + e.getKey() + "=" + e.getValue() + " was " + e.getOldValue()));
      }
    }
    CacheEntryListener<String, Object> recorder = new Recorder();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new SingletonListener(recorder), null, true, true));
    await(redis.set("k", 1L, SetOptions.always().timeout(Duration.ofMinutes(1))));
    await(redis.incr("k", 2));
    assertEquals(List.of("created k=1", "updated k=3 was 1"), seen);
  }

  @Test
  void aJoiningCallerRunsTheCallItselfWhileComposedCallsRunOnWorkers() throws Exception {
    List<Thread> writers = java.util.Collections.synchronizedList(new ArrayList<>());
    CacheEntryCreatedListener<String, Object> recorder = events -> events.forEach(e -> writers.add(
        Thread.currentThread()));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new SingletonListener(recorder), null, false, true)); // synchronous: runs on the thread that wrote
    for (int i = 0; i < 20; i++) {
      redis.put("joined" + i, "v").toCompletableFuture().join();
    }
    UnifiedJedis client = manager.unwrap(UnifiedJedis.class);
    if (client instanceof AsyncCommands
        || client instanceof ClusterClient cluster && cluster.asyncCommands().isPresent()) { // completed from replies
      assertEquals(20, writers.size());
      assertTrue(writers.stream().allMatch(thread -> thread.getName().startsWith("jcache-redis-worker")),
          "listeners run on the workers, never on the connection's reader: " + writers);
    } else {
      assertTrue(writers.contains(Thread.currentThread()), "a caller that joins at once runs the call itself");
    }

    writers.clear();
    CountDownLatch composed = new CountDownLatch(1);
    redis.put("composed", "v").thenRun(composed::countDown); // nobody waits on the call itself
    assertTrue(composed.await(10, TimeUnit.SECONDS));
    assertEquals(1, writers.size());
    assertFalse(writers.get(0) == Thread.currentThread(), "a composed call runs on a worker thread");
    assertEquals("v", cache.get("composed"));
  }

  /** Serializable holder so FactoryBuilder accepts a local listener. */
  static final class SingletonListener
      implements javax.cache.configuration.Factory<CacheEntryListener<String, Object>> {
    private static final long serialVersionUID = 1L;
    private final transient CacheEntryListener<String, Object> listener;

    SingletonListener(CacheEntryListener<String, Object> listener) {
      this.listener = listener;
    }

    @Override
    public CacheEntryListener<String, Object> create() {
      return listener;
    }
  }

  @Test
  void patternsFindOnlyThisCachesKeysAmongTenThousand() throws Exception {
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      entries.put((i % 100 == 0 ? "match:" : "other:") + i, i);
    }
    cache.putAll(entries);
    String otherName = name + "-neighbour";
    Cache<String, Object> neighbour = manager.createCache(otherName, new MutableConfiguration<>());
    neighbour.put("match:neighbour", 1);
    try (UnifiedJedis raw = TestRedis.raw()) {
      raw.set("match:raw-app-key", "x");
      raw.set("jcache:" + name + "match:almost", "x");

      Set<String> expected = new HashSet<>();
      entries.keySet().stream().filter(k -> k.startsWith("match:")).forEach(expected::add);
      assertEquals(100, expected.size());
      assertEquals(expected, new HashSet<>(await(redis.keys("match:*"))));
      assertEquals(expected, collect(redis.scan("match:*"), Long.MAX_VALUE));

      assertEquals(100L, await(redis.deletePattern("match:*")));
      assertTrue(await(redis.keys("match:*")).isEmpty());
      assertEquals(9_900, await(redis.keys("*")).size());
      assertEquals(1, neighbour.get("match:neighbour"), "another cache's keys are never matched");
      assertEquals("x", raw.get("match:raw-app-key"), "other applications' keys are never matched");
      assertEquals("x", raw.get("jcache:" + name + "match:almost"));
    } finally {
      manager.destroyCache(otherName);
    }
  }

  /** As removeAll of the matching keys: a REMOVED event with the old value for each, removals counted. */
  @Test
  void deletePatternRemovesAsRemoveAllDoes() throws Exception {
    RecordingListener<String, Object> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listener.configuration(true, true));
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 700; i++) {
      entries.put((i % 2 == 0 ? "gone:" : "kept:") + i, i);
    }
    cache.putAll(entries);
    listener.more(0);
    CacheStatisticsMXBean stats = cache.unwrap(io.jcacheredis.cache.RedisCache.class).statistics();
    long removalsBefore = stats.getCacheRemovals();

    assertEquals(350L, await(redis.deletePattern("gone:*")));
    Map<String, Object> heard = new HashMap<>();
    for (RecordingListener.Heard<String, Object> event : listener.await(350, 10)) {
      assertEquals(javax.cache.event.EventType.REMOVED, event.type());
      heard.put(event.key(), event.oldValue());
    }
    Map<String, Object> gone = new HashMap<>(entries);
    gone.keySet().removeIf(key -> key.startsWith("kept:"));
    assertEquals(gone, heard, "each removed entry's event, with its old value");
    assertEquals(List.of(), listener.more(100), "no other event");
    assertEquals(350, stats.getCacheRemovals() - removalsBefore);
    Set<String> kept = new HashSet<>(entries.keySet());
    kept.removeAll(gone.keySet());
    assertEquals(kept, new HashSet<>(await(redis.keys("*"))));
    assertEquals(0L, await(redis.deletePattern("gone:*")));
  }

  @Test
  void keysWithGlobCharactersAreMatchedLiterallyWhenEscaped() throws Exception {
    cache.put("a*b", 1);
    cache.put("axb", 2);
    assertEquals(Set.of("a*b", "axb"), new HashSet<>(await(redis.keys("a*b"))));
    assertEquals(List.of("a*b"), await(redis.keys(AsyncRedisCache.escapeGlob("a*b"))));
    assertEquals(1, cache.get("a*b"));
  }

  /** SCAN calls counted by the server: a few keys cost a few calls, far fewer than the whole walk. */
  @Test
  void scanFetchesLazilyAndStopsWhenCancelled() throws Exception {
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      entries.put("k" + i, i);
    }
    cache.putAll(entries);
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      AtomicReference<Set<String>> firstTen = new AtomicReference<>();
      long lazyScans = scanCalls(counter, () -> firstTen.set(collect(redis.scan("*"), 10)));
      assertEquals(10, firstTen.get().size());
      assertTrue(entries.keySet().containsAll(firstTen.get()));

      AtomicReference<Set<String>> all = new AtomicReference<>();
      long fullScans = scanCalls(counter, () -> all.set(collect(redis.scan("*"), Long.MAX_VALUE)));
      assertEquals(entries.keySet(), all.get());
      assertTrue(lazyScans >= 1 && lazyScans * 10 <= fullScans,
          "10 keys took " + lazyScans + " SCAN calls, the whole walk " + fullScans);
    }
  }

  /** An action that may be interrupted. */
  private interface Blocking {
    void run() throws InterruptedException;
  }

  private static long scanCalls(RedisCommandCounter counter, Blocking action) {
    return counter.measure(() -> {
      try {
        action.run();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }).commands().getOrDefault("scan", 0L);
  }

  /** Subscribes, requests one key at a time up to {@code limit}, then cancels; returns what arrived. */
  private static Set<String> collect(Flow.Publisher<String> publisher, long limit) throws InterruptedException {
    Set<String> received = new HashSet<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
      }

      @Override
      public void onNext(String item) {
        received.add(item);
        if (received.size() >= limit) {
          subscription.cancel();
          done.countDown();
        } else {
          subscription.request(1);
        }
      }

      @Override
      public void onError(Throwable throwable) {
        failure.set(throwable);
        done.countDown();
      }

      @Override
      public void onComplete() {
        done.countDown();
      }
    });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertNull(failure.get(), () -> "the scan failed: " + failure.get());
    return received;
  }

  @Test
  void keysWithQuestionMarksAndBracketsAreStoredExactlyAndMatchedLiterallyWhenEscaped() throws Exception {
    List<String> keys = List.of("q?1", "qx1", "[b]x", "bx", "open[", "close]", "all*?[]\\^-");
    for (int i = 0; i < keys.size(); i++) {
      cache.put(keys.get(i), i);
    }
    try (UnifiedJedis raw = TestRedis.raw()) {
      for (int i = 0; i < keys.size(); i++) {
        assertEquals(i, cache.get(keys.get(i)), keys.get(i));
        assertTrue(raw.exists("jcache:" + name + ":" + keys.get(i)), "stored under its exact text: " + keys.get(i));
      }
    }
    assertEquals(Set.of("q?1", "qx1"), new HashSet<>(await(redis.keys("q?1"))), "unescaped, ? matches any char");
    assertEquals(List.of("bx"), await(redis.keys("[b]x")), "unescaped, [b] is a character class");
    for (String key : keys) {
      assertEquals(List.of(key), await(redis.keys(AsyncRedisCache.escapeGlob(key))), key);
    }
    assertEquals(1L, await(redis.deletePattern(AsyncRedisCache.escapeGlob("q?1"))));
    assertEquals(1L, await(redis.deletePattern(AsyncRedisCache.escapeGlob("[b]x"))));
    assertEquals(1L, await(redis.deletePattern(AsyncRedisCache.escapeGlob("open["))));
    assertNull(cache.get("q?1"));
    assertNull(cache.get("[b]x"));
    assertNull(cache.get("open["));
    assertEquals(Set.of("qx1", "bx", "close]", "all*?[]\\^-"), new HashSet<>(await(redis.keys("*"))));
  }
}
