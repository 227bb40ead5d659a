package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.store.EntryStores;
import io.jcacheredis.client.RedisClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A slot is resharded while the cache uses it, the standard way: the target master IMPORTING, the source MIGRATING,
 * part of the slot's keys MIGRATEd. While the slot is half-migrated the source answers ASK for keys it does not hold
 * (migrated ones, and new ones, which Redis routes to the target), and a command on several keys of the slot split
 * between the two nodes (MGET, UNLINK) cannot run anywhere (TRYAGAIN on the target). Single-key operations, the
 * pipelines of getAll, putAll, removeAll and invokeAll, and the extension's incr must still give the right results
 * without an error reaching the caller; after the migration ends (MOVED from then on) too.
 */
@AlsoMultiplexedOnCluster
@WithRedis
@Timeout(20)
class ClusterMigrationTest {

  private static ClusterTestServers cluster;

  @BeforeAll
  static void startCluster(@ServerSettings({}) ClusterTestServers ownCluster) {
    cluster = ownCluster;
  }

  /** The Redis key of a cache entry with a String key (the provider's layout {@code jcache:<cache>:<key>}). */
  private static String redisKey(String cacheName, String key) {
    return "jcache:" + cacheName + ":" + key;
  }

  private static int slot(String cacheName, String key) {
    return JedisClusterCRC16.getSlot(redisKey(cacheName, key).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code count} keys {@code <prefix><n>} of this cache whose Redis keys hash to the slot. */
  private static List<String> keysOfSlot(String cacheName, String prefix, int slot, int count) {
    List<String> keys = new ArrayList<>(count);
    for (int n = 0; keys.size() < count; n++) {
      if (slot(cacheName, prefix + n) == slot) {
        keys.add(prefix + n);
      }
    }
    return keys;
  }

  /** Appends "!" to the value and returns the value it had (null when absent, then nothing is written). */
  private static final EntryProcessor<String, String, String> APPEND = (entry, arguments) -> {
    String old = entry.getValue();
    if (old != null) {
      entry.setValue(old + "!");
    }
    return old;
  };

  /** The keys of the resharded slot by role, the other keys, and the expected content of the caches. */
  private static final class Keys {
    final List<String> migrated;
    final List<String> staying;
    final List<String> others;
    final Map<String, String> strings = new HashMap<>();
    final Map<String, Long> counters = new HashMap<>();

    Keys(List<String> migrated, List<String> staying, List<String> others) {
      this.migrated = migrated;
      this.staying = staying;
      this.others = others;
    }

    Set<String> all(List<String> fresh) {
      Set<String> all = new HashSet<>(migrated);
      all.addAll(staying);
      all.addAll(others);
      all.addAll(fresh);
      all.add("never-written");
      return all;
    }
  }

  @Test
  void everyOperationWorksWhileASlotIsHalfMigratedAndAfterItMoved() throws Exception {
    String name = TestRedis.uniqueName("migration");
    String countersName = TestRedis.uniqueName("migration-counters");
    try (CacheManager manager = cluster.newManager("")) {
      Cache<String, String> cache = manager.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      // Counters with a creation TTL: their writes are the put script (EVALSHA), not plain SETs.
      Cache<String, Long> counters = manager.createCache(countersName,
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Long> redisCounters = counters.unwrap(AsyncRedisCache.class);

      int slot = slot(name, "s0");
      List<String> slotKeys = keysOfSlot(name, "s", slot, 16);
      List<String> counterKeys = keysOfSlot(countersName, "c", slot, 2);
      List<String> others = new ArrayList<>();
      for (int n = 0; others.size() < 20; n++) {
        if (slot(name, "o" + n) != slot) {
          others.add("o" + n);
        }
      }
      Keys keys = new Keys(slotKeys.subList(0, 5), slotKeys.subList(5, 10), others);
      List<String> freshWhileMigrating = slotKeys.subList(10, 13);
      List<String> freshAfterwards = slotKeys.subList(13, 16);
      Map<String, String> initial = new LinkedHashMap<>();
      for (String key : slotKeys.subList(0, 10)) {
        initial.put(key, "v-" + key);
      }
      for (String key : others) {
        initial.put(key, "v-" + key);
      }
      cache.putAll(initial);
      keys.strings.putAll(initial);
      counters.put(counterKeys.get(0), 10L);
      counters.put(counterKeys.get(1), 20L);
      keys.counters.put(counterKeys.get(0), 10L);
      keys.counters.put(counterKeys.get(1), 20L);

      int source = cluster.ownerOf(slot);
      int target = cluster.ports().stream().filter(port -> port != source).findFirst().orElseThrow();
      cluster.startSlotMigration(slot, target);
      List<String> moved = new ArrayList<>();
      for (String key : keys.migrated) {
        moved.add(redisKey(name, key));
      }
      moved.add(redisKey(countersName, counterKeys.get(0)));
      cluster.migrateKeys(source, target, moved);
      assertHalfMigrated(slot, source, target, name, keys);

      exercise(cache, counters, redisCounters, keys, freshWhileMigrating, counterKeys, "during");
      assertHalfMigrated(slot, source, target, name, keys); // the operations really ran on the split slot
      unlinkSplitKeys(name, keys);
      Set<String> onTarget = new HashSet<>(cluster.keysInSlot(target, slot));
      for (String key : freshWhileMigrating) {
        if (keys.strings.containsKey(key)) {
          assertTrue(onTarget.contains(redisKey(name, key)), "a new key of a migrating slot goes to the target");
        }
      }

      cluster.finishSlotMigration(slot, source, target);
      assertEquals(List.of(), cluster.keysInSlot(source, slot));
      exercise(cache, counters, redisCounters, keys, freshAfterwards, counterKeys, "after");
      assertEquals(List.of(), cluster.keysInSlot(source, slot));

      manager.destroyCache(name);
      manager.destroyCache(countersName);
    }
  }

  /**
   * UNLINK (clear, deletePattern) on keys of the slot held by both nodes: the cache's own batches come from one
   * master's SCAN, so they are split only when keys move in between; the store is called directly to split them.
   */
  private static void unlinkSplitKeys(String name, Keys keys) {
    RedisSettings settings = RedisSettings.resolve(URI.create(cluster.url()), false, new Properties(),
        ClusterMigrationTest.class.getClassLoader());
    List<String> split = List.of(keys.migrated.get(0), keys.staying.get(0), keys.others.get(4));
    List<byte[]> redisKeys = new ArrayList<>();
    for (String key : split) {
      redisKeys.add(redisKey(name, key).getBytes(StandardCharsets.UTF_8));
    }
    try (UnifiedJedis client = RedisClients.createDefault(settings)) {
      assertEquals(3, EntryStores.create(client, settings.endpoint()).unlink(redisKeys));
    }
    keys.strings.keySet().removeAll(split);
  }

  /** The source still holds the staying keys and the target the migrated ones: the slot is split. */
  private static void assertHalfMigrated(int slot, int source, int target, String name, Keys keys) {
    Set<String> onSource = new HashSet<>(cluster.keysInSlot(source, slot));
    Set<String> onTarget = new HashSet<>(cluster.keysInSlot(target, slot));
    assertTrue(onSource.contains(redisKey(name, keys.staying.get(0))), "on the source: " + onSource);
    assertTrue(onTarget.contains(redisKey(name, keys.migrated.get(0))), "on the target: " + onTarget);
    assertFalse(onSource.contains(redisKey(name, keys.migrated.get(0))), "on the source: " + onSource);
  }

  /**
   * Runs every operation on keys of the resharded slot (on the target, on the source, new) and of other slots,
   * checking each result against the expected content, which it updates.
   */
  private static void exercise(Cache<String, String> cache, Cache<String, Long> counters,
      AsyncRedisCache<String, Long> redisCounters, Keys keys, List<String> fresh, List<String> counterKeys,
      String phase) throws Exception {
    Map<String, String> expected = keys.strings;
    String migrated = keys.migrated.get(0);
    String staying = keys.staying.get(0);
    for (String key : List.of(migrated, staying, fresh.get(0), keys.others.get(0))) {
      assertEquals(expected.get(key), cache.get(key), phase + ": get " + key);
    }
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> async = cache.unwrap(AsyncRedisCache.class);
    for (String key : List.of(migrated, staying, fresh.get(0), keys.others.get(0))) {
      // in the multiplexed mode sent without waiting: an ASK or MOVED reply is followed on a retry thread
      assertEquals(expected.get(key), async.get(key).toCompletableFuture().get(10, TimeUnit.SECONDS),
          phase + ": async get " + key);
      assertEquals(expected.containsKey(key) ? null : java.time.Duration.ZERO,
          async.ttl(key).toCompletableFuture().get(10, TimeUnit.SECONDS), phase + ": async ttl " + key);
    }

    for (String key : List.of(migrated, staying, fresh.get(0))) {
      cache.put(key, phase + "-put-" + key);
      expected.put(key, phase + "-put-" + key);
      assertEquals(expected.get(key), cache.get(key), phase + ": put " + key);
    }

    String present = keys.migrated.get(1);
    assertFalse(cache.putIfAbsent(present, "not written"), phase + ": putIfAbsent " + present);
    assertFalse(cache.putIfAbsent(keys.staying.get(1), "not written"), phase + ": putIfAbsent on the source");
    assertTrue(cache.putIfAbsent(fresh.get(1), phase + "-new"), phase + ": putIfAbsent of a new key");
    expected.put(fresh.get(1), phase + "-new");

    for (String key : List.of(keys.migrated.get(2), keys.staying.get(2))) {
      assertEquals(expected.get(key), cache.invoke(key, APPEND), phase + ": invoke " + key);
      expected.put(key, expected.get(key) + "!");
    }

    Set<String> all = keys.all(fresh);
    assertEquals(present(expected, all), cache.getAll(all), phase + ": getAll");

    Map<String, String> batch = new HashMap<>();
    for (String key : List.of(keys.migrated.get(3), keys.staying.get(3), fresh.get(2), keys.others.get(1))) {
      batch.put(key, phase + "-putAll-" + key);
    }
    cache.putAll(batch);
    expected.putAll(batch);
    assertEquals(present(expected, all), cache.getAll(all), phase + ": getAll after putAll");

    Set<String> processed = Set.of(keys.migrated.get(4), keys.staying.get(4), keys.others.get(2));
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(processed, APPEND);
    for (String key : processed) {
      assertEquals(expected.get(key), results.get(key).get(), phase + ": invokeAll " + key);
      expected.put(key, expected.get(key) + "!");
    }

    Set<String> removed = Set.of(keys.migrated.get(3), keys.staying.get(3), fresh.get(0), keys.others.get(3));
    cache.removeAll(removed);
    expected.keySet().removeAll(removed);
    assertEquals(present(expected, all), cache.getAll(all), phase + ": getAll after removeAll");
    for (String key : all) {
      assertEquals(expected.get(key), cache.get(key), phase + ": get " + key);
    }

    Map<String, Long> expectedCounters = keys.counters;
    for (String key : counterKeys) {
      long value = redisCounters.incr(key, 5).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(expectedCounters.get(key) + 5, value, phase + ": incr " + key);
      expectedCounters.put(key, value);
    }
    Map<String, Long> batchCounters = Map.of(counterKeys.get(0), 100L, counterKeys.get(1), 200L);
    counters.putAll(batchCounters);
    expectedCounters.putAll(batchCounters);
    assertEquals(expectedCounters, counters.getAll(Set.copyOf(counterKeys)), phase + ": counters");
  }

  private static Map<String, String> present(Map<String, String> expected, Set<String> keys) {
    Map<String, String> present = new HashMap<>();
    for (String key : keys) {
      if (expected.containsKey(key)) {
        present.put(key, expected.get(key));
      }
    }
    return present;
  }
}
