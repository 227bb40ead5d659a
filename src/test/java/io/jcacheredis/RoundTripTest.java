package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.spi.RedisCachingProvider;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The provider as an application meets it: found by Caching, values round-trip through Redis. */
@AlsoOnCluster
class RoundTripTest {

  private CacheManager manager;
  private String name;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("roundtrip");
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  @Test
  void providerIsFoundThroughTheServiceLoader() {
    CachingProvider provider = Caching.getCachingProvider();
    assertInstanceOf(RedisCachingProvider.class, provider);
    assertEquals(TestRedis.uri(), provider.getDefaultURI());
  }

  @Test
  void valuesRoundTripAndStringKeysAreReadableInRedis() {
    Cache<String, String> cache = manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("dune", "Frank Herbert");
    cache.put("smörgåsbord", "ASCII and non-ASCII keys are both stored as their UTF-8 text");
    assertEquals("ASCII and non-ASCII keys are both stored as their UTF-8 text", cache.get("smörgåsbord"));
    assertTrue(cache.remove("smörgåsbord"));
    cache.putAll(Map.of("emma", "Jane Austen", "ulysses", "James Joyce"));

    assertEquals("Frank Herbert", cache.get("dune"));
    assertEquals(Map.of("dune", "Frank Herbert", "emma", "Jane Austen"), cache.getAll(Set.of("dune", "emma", "x")));
    assertTrue(cache.containsKey("ulysses"));
    assertTrue(cache.remove("ulysses"));
    assertFalse(cache.containsKey("ulysses"));

    assertEquals(Set.of("jcache:" + name + ":dune", "jcache:" + name + ":emma"),
        TestRedis.keys("jcache:" + name + ":*"));
    try (UnifiedJedis raw = TestRedis.raw()) {
      assertTrue(raw.exists("jcache:" + name), "the cache configuration is kept in Redis");
    }
  }

  @Test
  void nonStringKeysAndValuesRoundTrip() {
    Cache<Long, Map<String, Integer>> cache = manager.createCache(name, new MutableConfiguration<>());
    cache.put(42L, Map.of("a", 1, "b", 2));
    assertEquals(Map.of("a", 1, "b", 2), cache.get(42L));
    assertNull(cache.get(43L));

    Set<Long> keys = new HashSet<>();
    for (Cache.Entry<Long, Map<String, Integer>> entry : cache) {
      keys.add(entry.getKey());
    }
    assertEquals(Set.of(42L), keys);
    byte[] pattern = ("jcache:" + name + ":*").getBytes(StandardCharsets.UTF_8);
    List<byte[]> stored = TestRedis.keys(pattern);
    assertEquals(1, stored.size());
    assertEquals((byte) 0xFF, stored.get(0)[pattern.length - 1], "non-String keys are marked so they never clash");
  }

  /** A singleton marker such as Spring's NullValue: equality is identity, restored by readResolve. */
  static final class Marker implements java.io.Serializable {
    static final Marker INSTANCE = new Marker();
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      return INSTANCE;
    }
  }

  @Test
  void singletonsWithReadResolveComeBackAsTheSameInstance() {
    Cache<String, Marker> cache = manager.createCache(name,
        new MutableConfiguration<String, Marker>().setTypes(String.class, Marker.class));
    cache.put("null-marker", Marker.INSTANCE);
    assertTrue(cache.get("null-marker") == Marker.INSTANCE);
  }

  @Test
  void destroyCacheRemovesEntriesAndConfiguration() {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<>());
    cache.put("k", "v");
    manager.destroyCache(name);
    try (UnifiedJedis raw = TestRedis.raw()) {
      assertFalse(raw.exists("jcache:" + name + ":k"));
      assertFalse(raw.exists("jcache:" + name));
    }
    assertNull(manager.getCache(name));
  }
}
