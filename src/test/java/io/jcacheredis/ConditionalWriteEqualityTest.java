package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisCommandCounter.Traffic;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * replace(k, old, new) and remove(k, old) compare the old value with {@code equals()}, as the spec says, also when
 * two equal values have different bytes; for values whose bytes are exact (text, numbers) the comparison stays one
 * round trip in Redis.
 */
@AlsoOnCluster
class ConditionalWriteEqualityTest {

  private CacheManager manager;
  private String name;
  private Cache<String, Object> cache;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("equality");
    cache = manager.createCache(name, new MutableConfiguration<String, Object>());
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  /** 1 and 17 share a bucket of a default HashSet, which then iterates them in the order they were added. */
  private static Set<Integer> setAdding(int... elements) {
    Set<Integer> set = new HashSet<>();
    for (int element : elements) {
      set.add(element);
    }
    return set;
  }

  @Test
  void equalValuesWithDifferentBytesAreReplacedAndRemoved() {
    Set<Integer> stored = setAdding(17, 1);
    Set<Integer> equal = setAdding(1, 17);
    assertEquals(stored, equal);
    assertNotEquals(List.copyOf(stored), List.copyOf(equal), "the two sets iterate (and encode) differently");

    cache.put("k", stored);
    assertTrue(cache.replace("k", equal, setAdding(2)));
    assertEquals(setAdding(2), cache.get("k"));

    cache.put("k", stored);
    assertTrue(cache.remove("k", equal));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void unequalValuesAreNeitherReplacedNorRemoved() {
    cache.put("k", setAdding(17, 1));
    assertFalse(cache.replace("k", setAdding(1, 33), setAdding(2)));
    assertFalse(cache.remove("k", setAdding(1)));
    assertEquals(setAdding(1, 17), cache.get("k"));
    assertFalse(cache.replace("missing", setAdding(1), setAdding(2)));
    assertFalse(cache.remove("missing", setAdding(1)));
  }

  @Test
  void textIsComparedInRedisInOneRoundTrip() {
    cache.put("k", "v");
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      cache.replace("k", "other", "w");
      Traffic replace = counter.measure(() -> assertFalse(cache.replace("k", "other", "w")));
      Traffic remove = counter.measure(() -> assertFalse(cache.remove("k", "other")));
      assertEquals(1, replace.reads(), "round trips of a replace that finds another value");
      assertEquals(1, remove.reads(), "round trips of a remove that finds another value");
      assertEquals(Map.of("evalsha", 1L, "get", 1L), remove.commands());
    }
    assertEquals("v", cache.get("k"));
  }
}
