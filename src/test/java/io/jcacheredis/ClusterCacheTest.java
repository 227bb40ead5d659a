package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The JCache semantics on a real three-master Redis Cluster ({@link ClusterTestServers}): a cache's entries spread
 * over every master, multi-key operations never send a cross-slot command (checked in each node's error
 * statistics), SCAN-based operations cover every master, and conditional writes and entry processors stay atomic.
 */
class ClusterCacheTest {

  private static final int ENTRIES = 10_000;

  private static ClusterTestServers cluster;
  private final List<CacheManager> managers = new ArrayList<>();
  private CacheManager manager;
  private String name;

  @BeforeAll
  static void startCluster() {
    cluster = ClusterTestServers.shared();
  }

  @AfterAll
  static void noCrossSlotCommandWasEverSent() {
    for (int port : cluster.ports()) {
      try (RedisClient node = cluster.node(port)) {
        String errors = node.info("errorstats");
        assertFalse(errors.contains("CROSSSLOT"), "node " + port + ": " + errors);
      }
    }
  }

  @BeforeEach
  void open() {
    manager = manager(cluster.url());
    name = TestRedis.uniqueName("cluster");
  }

  @AfterEach
  void close() {
    try {
      manager.destroyCache(name);
    } finally {
      managers.forEach(CacheManager::close);
    }
  }

  /** A manager with its own pools, as another JVM would have (managers are scoped by URI and class loader). */
  private CacheManager manager(String url) {
    ClassLoader loader = new URLClassLoader(new URL[0], ClusterCacheTest.class.getClassLoader());
    CacheManager created = Caching.getCachingProvider().getCacheManager(URI.create(url), loader);
    managers.add(created);
    return created;
  }

  private Cache<String, String> strings() {
    return manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static Map<String, String> entries(int count) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put("key-" + i, "value-" + i);
    }
    return entries;
  }

  /** How many keys of the cache each master holds, counted with SCAN on each node. */
  private Map<Integer, Integer> keysPerMaster() {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    String pattern = "jcache:" + name + ":*";
    for (int port : cluster.ports()) {
      try (RedisClient node = cluster.node(port)) {
        int count = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          ScanResult<String> page = node.scan(cursor, new ScanParams().match(pattern).count(1000));
          count += page.getResult().size();
          cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        counts.put(port, count);
      }
    }
    return counts;
  }

  /** Compares without printing thousands of entries when they differ. */
  private static void assertSameEntries(Map<String, String> expected, Map<String, String> actual) {
    assertEquals(expected.size(), actual.size(), "number of entries");
    assertTrue(expected.equals(actual), "the same entries");
  }

  private static int total(Map<Integer, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void tenThousandEntriesSpreadOverEveryMasterAndBulkOperationsSeeThemAll() {
    Cache<String, String> cache = strings();
    Map<String, String> entries = entries(ENTRIES);
    cache.putAll(entries);

    Map<Integer, Integer> perMaster = keysPerMaster();
    assertEquals(ENTRIES, total(perMaster), perMaster.toString());
    for (int count : perMaster.values()) {
      assertTrue(count > ENTRIES / 5, "every master holds about a third: " + perMaster);
    }

    assertSameEntries(entries, cache.getAll(entries.keySet()));
    Map<String, String> iterated = new HashMap<>();
    for (Cache.Entry<String, String> entry : cache) {
      assertNull(iterated.put(entry.getKey(), entry.getValue()), "returned twice: " + entry.getKey());
    }
    assertSameEntries(entries, iterated);

    Set<String> firstThousand = new HashSet<>(new ArrayList<>(entries.keySet()).subList(0, 1_000));
    cache.removeAll(firstThousand);
    assertEquals(ENTRIES - 1_000, total(keysPerMaster()));
    assertTrue(cache.getAll(firstThousand).isEmpty());

    cache.clear();
    assertEquals(0, total(keysPerMaster()), "clear() reached every master");
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void aSingleSeedNodeIsEnoughToReachEveryMaster() {
    CacheManager seeded = manager(cluster.seedUrl());
    Cache<String, String> cache = seeded.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.putAll(entries(1_000));
    Map<Integer, Integer> perMaster = keysPerMaster();
    assertEquals(1_000, total(perMaster));
    assertTrue(perMaster.values().stream().allMatch(count -> count > 0), perMaster.toString());
    assertEquals(1_000, cache.getAll(entries(1_000).keySet()).size());
  }

  @Test
  void singleKeyOperationsOnEveryMaster() {
    Cache<String, String> cache = strings();
    for (int i = 0; i < 30; i++) {
      String key = "k" + i;
      assertTrue(cache.putIfAbsent(key, "a"));
      assertFalse(cache.putIfAbsent(key, "b"));
      assertEquals("a", cache.getAndPut(key, "c"));
      assertTrue(cache.replace(key, "c", "d"));
      assertFalse(cache.replace(key, "c", "e"));
      assertTrue(cache.containsKey(key));
      assertEquals("d", cache.getAndRemove(key));
      assertFalse(cache.remove(key));
    }
    assertEquals(0, total(keysPerMaster()));
  }

  @Test
  void removeAllWithoutKeysNotifiesForEveryEntryOnEveryMaster() {
    RemovedCounter.COUNT.set(0);
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(RemovedCounter.class), null, false, true));
    Cache<String, String> cache = manager.createCache(name, configuration);
    cache.putAll(entries(600));
    cache.removeAll();
    assertEquals(600, RemovedCounter.COUNT.get());
    assertEquals(0, total(keysPerMaster()));
  }

  /** Counts removed events (a class, so the listener factory needs no instance). */
  public static final class RemovedCounter implements CacheEntryRemovedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> COUNT.incrementAndGet());
    }
  }

  @Test
  void invokeAllAndLoadAllCoverEveryMaster() throws Exception {
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(UpperCaseLoader.class))
        .setReadThrough(true);
    Cache<String, String> cache = manager.createCache(name, configuration);
    Set<String> keys = entries(500).keySet();

    Map<String, EntryProcessorResult<Integer>> results = cache.invokeAll(keys, (entry, args) -> {
      entry.setValue("processed-" + entry.getKey());
      return entry.getKey().length();
    });
    assertEquals(500, results.size());
    assertEquals(500, total(keysPerMaster()));
    assertEquals("processed-key-7", cache.get("key-7"));

    Set<String> toLoad = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      toLoad.add("load-" + i);
    }
    CompletionListenerFuture done = new CompletionListenerFuture();
    cache.loadAll(toLoad, false, done);
    done.get(30, TimeUnit.SECONDS);
    assertEquals(1_000, total(keysPerMaster()));
    assertEquals("LOAD-42", cache.get("load-42"));

    Set<String> readThrough = Set.of("through-1", "through-2", "key-3");
    Map<String, String> got = cache.getAll(readThrough);
    assertEquals(Map.of("through-1", "THROUGH-1", "through-2", "THROUGH-2", "key-3", "processed-key-3"), got);
  }

  /** Loads a key's upper-case text. */
  public static final class UpperCaseLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return key.toUpperCase();
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  @Test
  void extensionKeysScanAndDeletePatternCoverEveryMaster() throws Exception {
    Cache<String, String> cache = strings();
    cache.putAll(entries(3_000));
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);

    List<String> keys = redis.keys("key-*").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(3_000, keys.size());
    assertTrue(entries(3_000).keySet().equals(new HashSet<>(keys)), "the same keys");
    assertEquals(111, redis.keys("key-1?").toCompletableFuture().get().size() + redis.keys("key-1")
        .toCompletableFuture().get().size() + redis.keys("key-1??").toCompletableFuture().get().size());

    Set<String> scanned = collect(redis.scan("*"));
    assertEquals(3_000, scanned.size());
    assertTrue(entries(3_000).keySet().equals(scanned), "the same keys");

    long removed = redis.deletePattern("key-2*").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(1_111, removed); // key-2, key-20..29, key-200..299, key-2000..2999
    assertEquals(3_000 - 1_111, total(keysPerMaster()));
    assertNull(cache.get("key-2500"));
    assertEquals("value-1500", cache.get("key-1500"));
  }

  private static Set<String> collect(Flow.Publisher<String> publisher) throws Exception {
    Set<String> received = new HashSet<>();
    CompletableFuture<Set<String>> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String item) {
        received.add(item);
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(received);
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void expiringPutAllLoadsItsScriptOnEveryMaster() throws Exception {
    for (int port : cluster.ports()) {
      try (RedisClient node = cluster.node(port)) {
        node.scriptFlush(); // the first pipeline of EVALSHA is answered NOSCRIPT on every master
      }
    }
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
    Map<String, String> entries = entries(2_000);
    cache.putAll(entries);
    assertSameEntries(entries, cache.getAll(entries.keySet()));
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
    for (String key : List.of("key-0", "key-1", "key-2", "key-1999")) {
      Duration ttl = redis.ttl(key).toCompletableFuture().get();
      assertTrue(ttl.compareTo(Duration.ofMinutes(59)) > 0 && ttl.compareTo(Duration.ofHours(1)) <= 0, key + " " + ttl);
    }
  }

  @Test
  void entryProcessorsAreAtomicAcrossManagersAndMasters() throws Exception {
    MutableConfiguration<String, Long> configuration =
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    Cache<String, Long> first = manager.createCache(name, configuration);
    Cache<String, Long> second = manager(cluster.url()).getCache(name, String.class, Long.class);
    EntryProcessor<String, Long, Void> increment = (entry, args) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
      return null;
    };
    List<String> counters = List.of("counter-a", "counter-b", "counter-c", "counter-d", "counter-e");
    int perThread = 100;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Cache<String, Long> cache = t % 2 == 0 ? first : second;
        work.add(() -> {
          for (int i = 0; i < perThread; i++) {
            for (String counter : counters) {
              cache.invoke(counter, increment);
            }
          }
          return null;
        });
      }
      for (Future<Void> done : threads.invokeAll(work)) {
        done.get();
      }
    } finally {
      threads.shutdownNow();
    }
    for (String counter : counters) {
      assertEquals(8L * perThread, first.get(counter), counter);
    }
    assertTrue(keysPerMaster().values().stream().filter(count -> count > 0).count() > 1,
        "the counters live on more than one master");
  }

  @Test
  void putIfAbsentAndReplaceAreAtomicAcrossManagers() throws Exception {
    MutableConfiguration<String, Long> configuration =
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    Cache<String, Long> first = manager.createCache(name, configuration);
    Cache<String, Long> second = manager(cluster.url()).getCache(name, String.class, Long.class);
    AtomicLong won = new AtomicLong();
    AtomicLong replaced = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Cache<String, Long> cache = t % 2 == 0 ? first : second;
        work.add(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            if (cache.putIfAbsent("slot-" + i, 0L)) {
              won.incrementAndGet();
            }
          }
          for (int i = 0; i < 50; i++) {
            while (true) {
              Long current = cache.get("cas");
              if (current == null ? cache.putIfAbsent("cas", 1L) : cache.replace("cas", current, current + 1)) {
                replaced.incrementAndGet();
                break;
              }
            }
          }
          return null;
        });
      }
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : work) {
        futures.add(threads.submit(task));
      }
      start.countDown();
      for (Future<Void> done : futures) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(50, won.get(), "exactly one putIfAbsent wins per key");
    assertEquals(400, replaced.get());
    assertEquals(400L, first.get("cas"));
  }

  @Test
  void incrIsAtomicAcrossManagers() throws Exception {
    MutableConfiguration<String, Long> configuration =
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    Cache<String, Long> first = manager.createCache(name, configuration);
    Cache<String, Long> second = manager(cluster.url()).getCache(name, String.class, Long.class);
    first.put("hits", 0L);
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        @SuppressWarnings("unchecked")
        AsyncRedisCache<String, Long> redis = (t % 2 == 0 ? first : second).unwrap(AsyncRedisCache.class);
        futures.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            redis.incr("hits", 1).toCompletableFuture().join();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> done : futures) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(8L * perThread, first.get("hits"), "2 managers x 4 threads x 250 increments");
    assertEquals(8L * perThread, second.get("hits"));
  }

  @Test
  void theConfigurationIsFoundByASecondManager() {
    MutableConfiguration<String, Long> configuration = new MutableConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE));
    Cache<String, Long> created = manager.createCache(name, configuration);
    created.put("n", 7L);
    CacheManager other = manager(cluster.url());
    Cache<String, Long> found = other.getCache(name, String.class, Long.class);
    assertNotNull(found);
    assertEquals(7L, found.get("n"));
    @SuppressWarnings("unchecked")
    MutableConfiguration<String, Long> stored = found.getConfiguration(MutableConfiguration.class);
    assertEquals(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE).create().getExpiryForCreation(),
        stored.getExpiryPolicyFactory().create().getExpiryForCreation());
    assertThrows(CacheException.class, () -> other.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
  }

  @Test
  void anUnreachableClusterFailsEachCallNamingTheNodesButNotThePassword() throws IOException {
    int dead = TestRedis.freePort();
    CacheManager unreachable = manager("redis-cluster://:secret@127.0.0.1:" + dead
        + "?timeout.millis=300&connect-timeout.millis=300");
    CacheException e = assertThrows(CacheException.class, () -> unreachable.createCache("x",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
    assertTrue(e instanceof RedisFailureException, e.toString());
    assertTrue(e.getMessage().contains("Cannot reach Redis at redis-cluster://127.0.0.1:" + dead), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
