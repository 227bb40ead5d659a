package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcacheredis.RedisCommandCounter.Traffic;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Speed built in, checked by counting what Redis receives (not by timing): with no listener, loader, writer or
 * access expiry, each operation costs the round trips raw Jedis would need. Each operation runs once before it is
 * measured, so connection set-up and first script load are not counted.
 */
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

  private static void assertTraffic(Map<String, Long> commands, long roundTrips, Traffic traffic) {
    assertEquals(commands, traffic.commands(), "commands received");
    assertEquals(roundTrips, traffic.reads(), "round trips");
  }

  @Test
  void get() {
    cache.put("k", "v");
    assertTraffic(Map.of("get", 1L), 1, measure(c -> c.get("k")));
  }

  @Test
  void put() {
    assertTraffic(Map.of("set", 1L), 1, measure(c -> c.put("k", "v")));
  }

  @Test
  void containsKey() {
    assertTraffic(Map.of("exists", 1L), 1, measure(c -> c.containsKey("k")));
  }

  @Test
  void putIfAbsent() {
    cache.put("k", "v");
    assertTraffic(Map.of("set", 1L), 1, measure(c -> c.putIfAbsent("k", "w")));
  }

  @Test
  void remove() {
    assertTraffic(Map.of("del", 1L), 1, measure(c -> c.remove("k")));
  }

  @Test
  void getAndPut() {
    assertTraffic(Map.of("set", 1L), 1, measure(c -> c.getAndPut("k", "v")));
  }

  @Test
  void getAndRemove() {
    assertTraffic(Map.of("getdel", 1L), 1, measure(c -> c.getAndRemove("k")));
  }

  @Test
  void getAllOf100KeysIsOneMget() {
    Map<String, String> entries = entries(100);
    cache.putAll(entries);
    Set<String> keys = new HashSet<>(entries.keySet());
    assertTraffic(Map.of("mget", 1L), 1, measure(c -> assertEquals(100, c.getAll(keys).size())));
  }

  @Test
  void putAllOf100EntriesIsOnePipeline() {
    Map<String, String> entries = entries(100);
    assertTraffic(Map.of("set", 100L), 1, measure(c -> c.putAll(entries)));
  }

  @Test
  void invokeReadsThenCompareAndSets() {
    cache.put("counter", "0");
    // The script's own GET and SET count as commands too; what matters is two round trips.
    assertTraffic(Map.of("get", 2L, "evalsha", 1L, "set", 1L), 2,
        measure(c -> c.invoke("counter", (entry, args) -> {
          entry.setValue(Integer.toString(Integer.parseInt(entry.getValue()) + 1));
          return null;
        })));
    assertEquals("2", cache.get("counter"));
  }

  @Test
  void extensionTtlIsOnePttl() throws Exception {
    cache.put("k", "v");
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
    assertTraffic(Map.of("pttl", 1L), 1, measure(c -> redis.ttl("k").toCompletableFuture().join()));
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
      assertTraffic(Map.of("evalsha", 1L, "exists", 1L, "incrby", 1L), 1, traffic);
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
