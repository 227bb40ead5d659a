package io.jcacheredis.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.AlsoOnCluster;
import io.jcacheredis.TestRedis;
import io.jcacheredis.WritePath;
import io.jcacheredis.cache.RedisCache;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The statistics of a cache, exact after each call (the TCK's default), read as tools read them: attributes of the
 * CacheStatistics MBean the cache registers in the platform MBeanServer. What counts, as the JCache spec and the TCK
 * ({@code CacheMBStatisticsBeanTest}) define it: a get, and every operation that looks the entry up (getAndPut,
 * getAndRemove, getAndReplace, replace, putIfAbsent, conditional remove, getAll per key, invoke per key, each entry
 * iterated) counts a hit or a miss; every value stored a put; every entry removed a removal; containsKey, clear() and
 * misses of unconditional removes count nothing. On every {@link WritePath}, as each counts from other replies.
 */
@AlsoOnCluster
class CacheStatisticsTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private static final EntryProcessor<String, String, String> READ = (entry, args) -> entry.getValue();
  private static final EntryProcessor<String, String, Boolean> EXISTS = (entry, args) -> entry.exists();
  private static final EntryProcessor<String, String, Void> SET = (entry, args) -> {
    entry.setValue("set");
    return null;
  };
  private static final EntryProcessor<String, String, Void> REMOVE = (entry, args) -> {
    entry.remove();
    return null;
  };

  private CacheManager manager;
  private String name;
  private Cache<String, String> cache;
  private ObjectName bean;
  private long hits;
  private long misses;
  private long puts;
  private long removals;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("statistics");
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  private void createCache(WritePath path) {
    cache = manager.createCache(name, path.configure(new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true)));
    bean = MBeanRegistrar.objectName(MBeanRegistrar.Kind.STATISTICS, manager.getURI(), name);
    assertTrue(SERVER.isRegistered(bean), bean.toString());
  }

  /** Runs an operation and checks that every counter moved by exactly these amounts. */
  private void counts(String operation, Runnable action, long hit, long miss, long put, long removal)
      throws Exception {
    action.run();
    hits += hit;
    misses += miss;
    puts += put;
    removals += removal;
    assertCounters(operation);
  }

  private void assertCounters(String after) throws Exception {
    String where = "after " + after;
    assertEquals(hits, SERVER.getAttribute(bean, "CacheHits"), "CacheHits " + where);
    assertEquals(misses, SERVER.getAttribute(bean, "CacheMisses"), "CacheMisses " + where);
    assertEquals(hits + misses, SERVER.getAttribute(bean, "CacheGets"), "CacheGets " + where);
    assertEquals(puts, SERVER.getAttribute(bean, "CachePuts"), "CachePuts " + where);
    assertEquals(removals, SERVER.getAttribute(bean, "CacheRemovals"), "CacheRemovals " + where);
    assertEquals(0L, SERVER.getAttribute(bean, "CacheEvictions"), "CacheEvictions " + where);
    long gets = hits + misses;
    assertEquals(gets == 0 ? 0f : 100f * hits / gets, (float) SERVER.getAttribute(bean, "CacheHitPercentage"),
        0.01f, "CacheHitPercentage " + where);
    assertEquals(gets == 0 ? 0f : 100f * misses / gets, (float) SERVER.getAttribute(bean, "CacheMissPercentage"),
        0.01f, "CacheMissPercentage " + where);
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void singleEntryOperationsCountAsTheSpecSays(WritePath path) throws Exception {
    createCache(path);
    assertCounters("creation");
    counts("put of a new key", () -> cache.put("a", "1"), 0, 0, 1, 0);
    counts("put of an existing key", () -> cache.put("a", "2"), 0, 0, 1, 0);
    counts("get hit", () -> assertEquals("2", cache.get("a")), 1, 0, 0, 0);
    counts("get miss", () -> assertNull(cache.get("missing")), 0, 1, 0, 0);
    counts("containsKey", () -> {
      assertTrue(cache.containsKey("a"));
      assertFalse(cache.containsKey("missing"));
    }, 0, 0, 0, 0);

    counts("getAndPut of a new key", () -> assertNull(cache.getAndPut("b", "1")), 0, 1, 1, 0);
    counts("getAndPut of an existing key", () -> assertEquals("1", cache.getAndPut("b", "2")), 1, 0, 1, 0);
    counts("putIfAbsent of a new key", () -> assertTrue(cache.putIfAbsent("c", "1")), 0, 1, 1, 0);
    counts("putIfAbsent of an existing key", () -> assertFalse(cache.putIfAbsent("c", "2")), 1, 0, 0, 0);

    counts("replace of a missing key", () -> assertFalse(cache.replace("missing", "1")), 0, 1, 0, 0);
    counts("replace of an existing key", () -> assertTrue(cache.replace("c", "2")), 1, 0, 1, 0);
    counts("getAndReplace of a missing key", () -> assertNull(cache.getAndReplace("missing", "1")), 0, 1, 0, 0);
    counts("getAndReplace of an existing key", () -> assertEquals("2", cache.getAndReplace("c", "3")), 1, 0, 1, 0);
    counts("replace(k, old, new) of a missing key", () -> assertFalse(cache.replace("missing", "1", "2")),
        0, 1, 0, 0);
    counts("replace(k, old, new) of another value", () -> assertFalse(cache.replace("c", "1", "4")), 1, 0, 0, 0);
    counts("replace(k, old, new) of the value", () -> assertTrue(cache.replace("c", "3", "4")), 1, 0, 1, 0);

    counts("remove of an existing key", () -> assertTrue(cache.remove("a")), 0, 0, 0, 1);
    counts("remove of a missing key", () -> assertFalse(cache.remove("a")), 0, 0, 0, 0);
    counts("remove(k, v) of another value", () -> assertFalse(cache.remove("c", "1")), 1, 0, 0, 0);
    counts("remove(k, v) of the value", () -> assertTrue(cache.remove("c", "4")), 1, 0, 0, 1);
    counts("remove(k, v) of a missing key", () -> assertFalse(cache.remove("c", "4")), 0, 1, 0, 0);
    counts("getAndRemove of an existing key", () -> assertEquals("2", cache.getAndRemove("b")), 1, 0, 0, 1);
    counts("getAndRemove of a missing key", () -> assertNull(cache.getAndRemove("b")), 0, 1, 0, 0);

    counts("clear", () -> {
      cache.put("d", "1");
      cache.clear();
    }, 0, 0, 1, 0);
    SERVER.invoke(bean, "clear", null, null);
    hits = misses = puts = removals = 0;
    assertCounters("the MBean's clear operation");
    counts("put after the MBean's clear", () -> cache.put("e", "1"), 0, 0, 1, 0);
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void entryProcessorsCountWhatTheyDid(WritePath path) throws Exception {
    createCache(path);
    cache.put("a", "1");
    cache.put("b", "1");
    puts = 2;
    counts("invoke reading an existing entry", () -> assertEquals("1", cache.invoke("a", READ)), 1, 0, 0, 0);
    counts("invoke reading a missing entry", () -> assertNull(cache.invoke("missing", READ)), 0, 1, 0, 0);
    counts("invoke looking at an existing entry", () -> assertTrue(cache.invoke("a", EXISTS)), 1, 0, 0, 0);
    counts("invoke looking at a missing entry", () -> assertFalse(cache.invoke("missing", EXISTS)), 0, 1, 0, 0);
    counts("invoke setting an existing entry", () -> cache.invoke("a", SET), 1, 0, 1, 0);
    counts("invoke setting a new entry", () -> cache.invoke("c", SET), 0, 1, 1, 0);
    counts("invoke removing an existing entry", () -> cache.invoke("c", REMOVE), 1, 0, 0, 1);
    counts("invoke removing a missing entry", () -> cache.invoke("c", REMOVE), 0, 1, 0, 0);
    assertEquals("set", cache.get("a"));
    hits++;

    counts("invokeAll reading 2 existing entries and 1 missing", () -> {
      Map<String, EntryProcessorResult<String>> read = cache.invokeAll(Set.of("a", "b", "missing"), READ);
      assertEquals("1", read.get("b").get());
    }, 2, 1, 0, 0);
    counts("invokeAll setting 2 existing entries and 1 new", () -> cache.invokeAll(Set.of("a", "b", "d"), SET),
        2, 1, 3, 0);
    counts("invokeAll removing 3 existing entries and 1 missing",
        () -> cache.invokeAll(Set.of("a", "b", "d", "missing"), REMOVE), 3, 1, 0, 3);
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void bulkOperationsAndIterationCountEachEntry(WritePath path) throws Exception {
    createCache(path);
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      entries.put("k" + i, "v" + i);
    }
    counts("putAll of 5 new entries", () -> cache.putAll(entries), 0, 0, 5, 0);
    counts("putAll of 5 existing entries", () -> cache.putAll(entries), 0, 0, 5, 0);
    counts("getAll of 5 existing keys and 2 missing ones",
        () -> assertEquals(entries, cache.getAll(Set.of("k0", "k1", "k2", "k3", "k4", "x", "y"))), 5, 2, 0, 0);
    counts("removeAll of 2 existing keys and 1 missing", () -> cache.removeAll(Set.of("k0", "k1", "x")),
        0, 0, 0, 2);
    counts("iterating over 3 entries", () -> {
      int seen = 0;
      for (Cache.Entry<String, String> entry : cache) {
        assertEquals(entries.get(entry.getKey()), entry.getValue());
        seen++;
      }
      assertEquals(3, seen);
    }, 3, 0, 0, 0);
    counts("iterating over 3 entries, removing each", () -> {
      for (Iterator<Cache.Entry<String, String>> it = cache.iterator(); it.hasNext(); ) {
        it.next();
        it.remove();
      }
    }, 3, 0, 0, 3);
    cache.putAll(entries);
    puts += 5;
    counts("removeAll() of 5 entries", () -> cache.removeAll(), 0, 0, 0, 5);
  }

  @Test
  void theMBeanIsTheCachesOwnStatisticsWithTheirTimes() throws Exception {
    createCache(WritePath.DIRECT);
    cache.put("a", "1");
    cache.get("a");
    cache.get("missing");
    cache.remove("a");
    CacheStatisticsMXBean own = cache.unwrap(RedisCache.class).statistics();
    assertEquals(own.getCacheHits(), SERVER.getAttribute(bean, "CacheHits"));
    assertEquals(own.getCacheMisses(), SERVER.getAttribute(bean, "CacheMisses"));
    assertEquals(own.getCachePuts(), SERVER.getAttribute(bean, "CachePuts"));
    assertEquals(own.getCacheRemovals(), SERVER.getAttribute(bean, "CacheRemovals"));
    assertEquals(1L, own.getCacheHits());
    assertTrue((float) SERVER.getAttribute(bean, "AverageGetTime") > 0f, "gets took time");
    assertTrue((float) SERVER.getAttribute(bean, "AveragePutTime") > 0f, "puts took time");
    assertTrue((float) SERVER.getAttribute(bean, "AverageRemoveTime") > 0f, "removes took time");
  }
}
