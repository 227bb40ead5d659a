package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Two managers with separate pools stand for two JVMs on the same Redis. */
@AlsoOnCluster
class SharedCacheTest {

  private CacheManager first;
  private CacheManager second;
  private String name;

  @BeforeEach
  void open() {
    first = TestRedis.defaultManager();
    second = TestRedis.separateManager();
    name = TestRedis.uniqueName("shared");
  }

  @AfterEach
  void close() {
    first.destroyCache(name);
    second.close();
  }

  private static MutableConfiguration<String, Integer> configuration() {
    return new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)));
  }

  @Test
  void aCacheCreatedByOneManagerIsFoundWithItsTypesAndExpiryByAnother() {
    assertNotSame(first, second);
    first.createCache(name, configuration()).put("answer", 42);

    Cache<String, Integer> seen = second.getCache(name, String.class, Integer.class);
    assertNotNull(seen);
    assertEquals(42, seen.get("answer"));
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, Integer> config = seen.getConfiguration(CompleteConfiguration.class);
    ExpiryPolicy expiry = config.getExpiryPolicyFactory().create();
    assertEquals(new Duration(TimeUnit.MINUTES, 5), expiry.getExpiryForCreation());

    seen.put("other", 7);
    try (UnifiedJedis raw = TestRedis.raw()) {
      long ttl = raw.pttl("jcache:" + name + ":other");
      assertTrue(ttl > 0 && ttl <= 300_000, "the second manager applies the stored expiry, got " + ttl);
    }
  }

  @Test
  void createCacheAtEveryStartSucceedsWhenTheStoredConfigurationIsCompatible() {
    first.createCache(name, configuration()).put("kept", 1);
    Cache<String, Integer> again = second.createCache(name, configuration());
    assertEquals(1, again.get("kept"), "creating an existing cache keeps its entries");
    assertThrows(CacheException.class, () -> first.createCache(name, configuration()),
        "but the same manager cannot create it twice");
  }

  @Test
  void createCacheWithOtherTypesFailsWithAClearMessage() {
    first.createCache(name, configuration());
    CacheException error = assertThrows(CacheException.class, () -> second.createCache(name,
        new MutableConfiguration<Long, String>().setTypes(Long.class, String.class)));
    assertTrue(error.getMessage().contains("java.lang.Integer") && error.getMessage().contains("destroy"),
        error.getMessage());
  }

  @Test
  void getCacheNamesListsOnlyTheCachesOfThisManager() {
    first.createCache(name, configuration());
    assertTrue(first.getCacheNames().iterator().hasNext());
    assertFalse(second.getCacheNames().iterator().hasNext(), "a fresh manager lists no caches");
  }

  @Test
  void destroyCacheInOneManagerRemovesItForTheOther() {
    first.createCache(name, configuration()).put("gone", 1);
    second.destroyCache(name);
    CacheManager third = TestRedis.separateManager();
    try {
      assertEquals(null, third.getCache(name));
    } finally {
      third.close();
    }
  }

  @Test
  void twoManagersRacingToCreateTheSameCacheBothGetItWithTheSameTypes() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<String> failures = new ArrayList<>();
    try {
      for (int round = 0; round < 200; round++) {
        String raced = TestRedis.uniqueName("race");
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Cache<String, Integer>>> created = new ArrayList<>();
        for (CacheManager manager : List.of(first, second)) {
          created.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return manager.createCache(raced, configuration());
          }));
        }
        for (Future<Cache<String, Integer>> result : created) {
          try {
            @SuppressWarnings("unchecked")
            CompleteConfiguration<String, Integer> config =
                result.get(10, TimeUnit.SECONDS).getConfiguration(CompleteConfiguration.class);
            assertEquals(String.class, config.getKeyType());
            assertEquals(Integer.class, config.getValueType());
          } catch (ExecutionException e) {
            failures.add("round " + round + ": " + e.getCause());
          }
        }
        CacheManager third = TestRedis.separateManager();
        try {
          assertNotNull(third.getCache(raced, String.class, Integer.class), "the stored types are the created ones");
        } finally {
          third.close();
        }
        Cache<String, Integer> secondsCache = second.getCache(raced);
        if (secondsCache != null) {
          secondsCache.close();
        }
        first.destroyCache(raced);
      }
    } finally {
      threads.shutdownNow();
    }
    assertTrue(failures.isEmpty(), failures.size() + " of 200 races failed, first: " + failures);
  }
}
