package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcacheredis.RedisCommandCounter.Traffic;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Speed built in, checked by counting what Redis receives (not by timing): with no listener, loader, writer or
 * access expiry, each operation costs the round trips raw Jedis would need. Each operation runs once before it is
 * measured, so connection set-up and first script load are not counted.
 *
 * <p>On a Redis Cluster (the {@code cluster} execution) the counts are summed over the masters and the round trips
 * are checked per master: an operation on many keys costs its round trips on each master holding some of them (one
 * pipeline each), never one per key, and a command names keys of one hash slot only (one MGET per slot).
 */
@AlsoOnCluster
class RoundTripCountTest {

  private CacheManager manager;
  private String name;
  private Cache<String, String> cache;
  private RedisCommandCounter counter;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("count");
    cache = manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    counter = new RedisCommandCounter();
  }

  @AfterEach
  void close() {
    counter.close();
    manager.destroyCache(name);
  }

  private Traffic measure(Consumer<Cache<String, String>> operation) {
    operation.accept(cache);
    return counter.measure(() -> operation.accept(cache));
  }

  private static void assertTraffic(Map<String, Long> commands, Map<String, Long> roundTrips, Traffic traffic) {
    assertEquals(commands, traffic.commands(), "commands received");
    assertEquals(roundTrips, traffic.readsPerServer(), "round trips per server");
  }

  /** The round trips of an operation on these keys of a cache: {@code each} on every server holding one of them. */
  private static Map<String, Long> roundTrips(long each, String cacheName, Collection<String> keys) {
    Map<String, Long> expected = new LinkedHashMap<>();
    TestRedis.serversOf(redisKeys(cacheName, keys)).forEach(server -> expected.put(server, each));
    return expected;
  }

  private Map<String, Long> roundTrips(long each, String key) {
    return roundTrips(each, name, Set.of(key));
  }

  /** MGETs reading these keys: one; on a cluster one per hash slot (a command may not name keys of two slots). */
  private static long mgets(String cacheName, Collection<String> keys) {
    return TestRedis.isCluster()
        ? redisKeys(cacheName, keys).stream().mapToInt(JedisClusterCRC16::getSlot).distinct().count() : 1;
  }

  private static List<String> redisKeys(String cacheName, Collection<String> keys) {
    return keys.stream().map(key -> "jcache:" + cacheName + ":" + key).toList();
  }

  @Test
  void get() {
    cache.put("k", "v");
    assertTraffic(Map.of("get", 1L), roundTrips(1, "k"), measure(c -> c.get("k")));
  }

  @Test
  void put() {
    assertTraffic(Map.of("set", 1L), roundTrips(1, "k"), measure(c -> c.put("k", "v")));
  }

  @Test
  void containsKey() {
    assertTraffic(Map.of("exists", 1L), roundTrips(1, "k"), measure(c -> c.containsKey("k")));
  }

  @Test
  void putIfAbsent() {
    cache.put("k", "v");
    assertTraffic(Map.of("set", 1L), roundTrips(1, "k"), measure(c -> c.putIfAbsent("k", "w")));
  }

  @Test
  void remove() {
    assertTraffic(Map.of("del", 1L), roundTrips(1, "k"), measure(c -> c.remove("k")));
  }

  @Test
  void getAndPut() {
    assertTraffic(Map.of("set", 1L), roundTrips(1, "k"), measure(c -> c.getAndPut("k", "v")));
  }

  @Test
  void getAndRemove() {
    assertTraffic(Map.of("getdel", 1L), roundTrips(1, "k"), measure(c -> c.getAndRemove("k")));
  }

  @Test
  void getAllOf100KeysIsOneMget() {
    Map<String, String> entries = entries(100);
    cache.putAll(entries);
    Set<String> keys = new HashSet<>(entries.keySet());
    assertTraffic(Map.of("mget", mgets(name, keys)), roundTrips(1, name, keys),
        measure(c -> assertEquals(100, c.getAll(keys).size())));
  }

  @Test
  void putAllOf100EntriesIsOnePipeline() {
    Map<String, String> entries = entries(100);
    assertTraffic(Map.of("set", 100L), roundTrips(1, name, entries.keySet()), measure(c -> c.putAll(entries)));
  }

  @Test
  void invokeReadsThenCompareAndSets() {
    cache.put("counter", "0");
    // The script's own GET and SET count as commands too; what matters is two round trips.
    assertTraffic(Map.of("get", 2L, "evalsha", 1L, "set", 1L), roundTrips(2, "counter"),
        measure(c -> c.invoke("counter", (entry, args) -> {
          entry.setValue(Integer.toString(Integer.parseInt(entry.getValue()) + 1));
          return null;
        })));
    assertEquals("2", cache.get("counter"));
  }

  // The batches of compare-and-set scripts below use 25 keys, not 100: a pipeline larger than Jedis' 8 KB output
  // buffer leaves in several writes, which Redis may count as several reads though it is still one round trip.

  @Test
  void invokeAllOf25KeysIsOneMgetAndOnePipelineOfCompareAndSets() {
    Map<String, String> entries = entries(25);
    cache.putAll(entries);
    Set<String> keys = new HashSet<>(entries.keySet());
    // Each compare-and-set script's own GET and SET count as commands too.
    assertTraffic(Map.of("mget", mgets(name, keys), "evalsha", 25L, "get", 25L, "set", 25L),
        roundTrips(2, name, keys), measure(c -> assertEquals(25, c.invokeAll(keys, (entry, args) -> {
          entry.setValue(entry.getValue() + "+");
          return entry.getValue();
        }).size())));
    assertEquals("value-7++", cache.get("key-7"));
  }

  @Test
  void getAllOf25KeysWithAccessExpiryIsOneMgetAndOnePipelineOfTouches() {
    String touched = name + "-touched";
    Cache<String, String> expiring = manager.createCache(touched, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setExpiryPolicyFactory(
            FactoryBuilder.factoryOf(new AccessedExpiryPolicy(new Duration(TimeUnit.MINUTES, 5)))));
    try {
      Map<String, String> entries = entries(25);
      expiring.putAll(entries);
      Set<String> keys = new HashSet<>(entries.keySet());
      expiring.getAll(keys);
      // Each touch is the compare-and-set script: its GET and PEXPIRE count as commands too.
      Traffic traffic = counter.measure(() -> assertEquals(25, expiring.getAll(keys).size()));
      assertTraffic(Map.of("mget", mgets(touched, keys), "evalsha", 25L, "get", 25L, "pexpire", 25L),
          roundTrips(2, touched, keys), traffic);
    } finally {
      manager.destroyCache(touched);
    }
  }

  @Test
  void loadAllOf25KeysIsOneMgetAndOnePipelineOfCompareAndSets() {
    String loading = name + "-loading";
    Cache<String, String> loaded = manager.createCache(loading, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new UpperCaseLoader())));
    try {
      Set<String> keys = new HashSet<>(entries(25).keySet());
      loadAll(loaded, keys);
      Traffic traffic = counter.measure(() -> loadAll(loaded, keys));
      // Replacing: each compare-and-set script checks and sets (its GET and SET count as commands too).
      assertTraffic(Map.of("mget", mgets(loading, keys), "evalsha", 25L, "get", 25L, "set", 25L),
          roundTrips(2, loading, keys), traffic);
      assertEquals("KEY-42", loaded.get("key-42"));
    } finally {
      manager.destroyCache(loading);
    }
  }

  private static void loadAll(Cache<String, String> cache, Set<String> keys) {
    CompletionListenerFuture done = new CompletionListenerFuture();
    cache.loadAll(keys, true, done);
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("loadAll did not complete", e);
    }
  }

  /** A loader whose values tell which key they were loaded for. */
  static final class UpperCaseLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return key.toUpperCase(Locale.ROOT);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> values = new HashMap<>();
      keys.forEach(key -> values.put(key, load(key)));
      return values;
    }
  }

  @Test
  void extensionTtlIsOnePttl() throws Exception {
    cache.put("k", "v");
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
    assertTraffic(Map.of("pttl", 1L), roundTrips(1, "k"), measure(c -> redis.ttl("k").toCompletableFuture().join()));
  }

  @Test
  void extensionIncrIsOneScript() throws Exception {
    String counters = name + "-counters";
    Cache<String, Long> longs = manager.createCache(counters, new MutableConfiguration<String, Long>()
        .setTypes(String.class, Long.class));
    try {
      longs.put("n", 0L);
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Long> redis = longs.unwrap(AsyncRedisCache.class);
      redis.incr("n", 1).toCompletableFuture().join();
      // The script's EXISTS and INCRBY count as commands; what matters is one round trip.
      Traffic traffic = counter.measure(() -> redis.incr("n", 1).toCompletableFuture().join());
      assertTraffic(Map.of("evalsha", 1L, "exists", 1L, "incrby", 1L), roundTrips(1, counters, Set.of("n")), traffic);
      assertEquals(2L, longs.get("n"));
    } finally {
      manager.destroyCache(counters);
    }
  }

  private static Map<String, String> entries(int count) {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put("key-" + i, "value-" + i);
    }
    return entries;
  }
}
