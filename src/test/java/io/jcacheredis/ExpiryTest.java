package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Expiry is held by Redis TTLs, so every JVM sees the same expiry. */
@AlsoOnCluster
class ExpiryTest {

  private CacheManager manager;
  private String name;
  private UnifiedJedis raw;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("expiry");
    raw = TestRedis.raw();
  }

  @AfterEach
  void close() {
    raw.close();
    manager.destroyCache(name);
  }

  private long ttl(String key) {
    return raw.pttl("jcache:" + name + ":" + key);
  }

  @Test
  void creationTtlIsSetOnCreateAndKeptOnUpdate() throws InterruptedException {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 30))));
    cache.put("k", "v1");
    long first = ttl("k");
    assertTrue(first > 29_000 && first <= 30_000, "TTL " + first);
    Thread.sleep(50);
    cache.put("k", "v2");
    assertTrue(ttl("k") < first, "an update keeps the creation TTL running");
    assertEquals(-1, raw.pttl("jcache:" + name), "the configuration itself never expires");
  }

  @Test
  void aDurationLongerThanRedisAcceptsIsStoredAsTheLongestTtl() {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.DAYS, Long.MAX_VALUE / 2))));
    cache.put("k", "v1"); // SET ... PX: Redis refuses an expiry time that overflows ("invalid expire time")
    assertTrue(cache.replace("k", "v1", "v2"), "the compare-and-set script's PEXPIRE too");
    assertEquals("v2", cache.get("k"));
    assertTrue(ttl("k") > 1_000_000_000_000_000L, "TTL " + ttl("k"));
  }

  @Test
  void modifiedPolicyResetsTheTtlOnUpdate() throws InterruptedException {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 30))));
    cache.put("k", "v1");
    Thread.sleep(50);
    long before = ttl("k");
    cache.put("k", "v2");
    assertTrue(ttl("k") > before, "update resets the TTL");
  }

  @Test
  void accessedPolicyExtendsTheTtlOnRead() throws InterruptedException {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 30))));
    cache.put("k", "v");
    Thread.sleep(100);
    long before = ttl("k");
    assertTrue(before > 0 && before < 29_950, "creation TTL running: " + before);
    assertEquals("v", cache.get("k"));
    assertTrue(ttl("k") > before, "a read resets the TTL in the same command (GETEX)");
  }

  @Test
  void zeroCreationDurationStoresNothing() {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ZERO)));
    cache.put("k", "v");
    assertFalse(raw.exists("jcache:" + name + ":k"));
    assertNull(cache.get("k"));
  }

  @Test
  void entriesExpireInRedis() throws InterruptedException {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 100))));
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    Thread.sleep(300);
    assertNull(cache.get("k"));
    assertFalse(cache.iterator().hasNext());
  }
}
