package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A near-cached cache does not decode again the immutable values its hits return (the same instance on every hit of
 * an entry), never returns an old decoded value after the entry changed, and still returns a fresh copy of a mutable
 * value on every hit.
 */
class NearCacheDecodedValuesTest {

  /** A mutable value of the application's. */
  static final class Box implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> items = new ArrayList<>();
  }

  private CacheManager reader;
  private CacheManager writer;
  private String name;

  @BeforeEach
  void open() {
    name = TestRedis.uniqueName("near-decoded");
    writer = TestRedis.separateManager();
    reader = NearCacheTest.nearCachedManager(TestRedis.uri());
  }

  @AfterEach
  void close() {
    writer.destroyCache(name);
    writer.close();
    reader.close();
  }

  private <V> Cache<String, V> open(CacheManager manager, Class<V> valueType) {
    Cache<String, V> cache = manager.getCache(name, String.class, valueType);
    return cache != null ? cache : manager.createCache(name,
        new MutableConfiguration<String, V>().setTypes(String.class, valueType));
  }

  /** The reader's cache, once its near-cache invalidation is established. */
  private <V> Cache<String, V> liveReaderCache(Class<V> valueType) {
    Cache<String, V> cache = open(reader, valueType);
    cache.get("warm-up"); // opens the cache, which starts invalidation
    NearCacheTest.awaitLive(reader);
    return cache;
  }

  /** Reads until the reader holds the key locally (a read sends nothing to Redis), then reads it. */
  private static <V> V readUntilLocal(Cache<String, V> cache, String key) {
    NearCacheTest.awaitLocal(new RedisCommandCounter(), () -> cache.get(key));
    return cache.get(key);
  }

  @Test
  void hitsOfAStringReturnTheSameInstanceAndAChangedEntryItsNewValue() {
    Cache<String, String> writerCache = open(writer, String.class);
    Cache<String, String> readerCache = liveReaderCache(String.class);
    String v1 = "v1-" + "x".repeat(1000);
    writerCache.put("k", v1);
    String first = readUntilLocal(readerCache, "k");
    assertEquals(v1, first);
    assertSame(first, readerCache.get("k"), "a hit returns the value decoded before");
    assertSame(first, readerCache.getAll(Set.of("k")).get("k"), "getAll's hit too");

    String v2 = "v2-" + "x".repeat(1000);
    writerCache.put("k", v2);
    NearCacheTest.awaitTrue(() -> v2.equals(readerCache.get("k")), "the reader sees v2");
    String second = readUntilLocal(readerCache, "k");
    assertEquals(v2, second, "never the old decoded value");
    assertSame(second, readerCache.get("k"));

    writerCache.put("k", v1); // the same bytes as before, stored anew: a new local array, decoded anew
    NearCacheTest.awaitTrue(() -> v1.equals(readerCache.get("k")), "the reader sees v1 again");
    String third = readUntilLocal(readerCache, "k");
    assertEquals(v1, third);
    assertNotSame(first, third, "the value decoded from the new bytes, not the one remembered for the old");
  }

  @Test
  void hitsOfALongAreSharedToo() {
    Cache<String, Long> writerCache = open(writer, Long.class);
    Cache<String, Long> readerCache = liveReaderCache(Long.class);
    writerCache.put("k", 123_456_789L);
    Long first = readUntilLocal(readerCache, "k");
    assertEquals(123_456_789L, first);
    assertSame(first, readerCache.get("k"));
  }

  @Test
  void hitsOfAMutableValueAreFreshCopies() {
    Cache<String, Box> writerCache = open(writer, Box.class);
    Cache<String, Box> readerCache = liveReaderCache(Box.class);
    Box box = new Box();
    box.items.add("a");
    writerCache.put("k", box);
    Box first = readUntilLocal(readerCache, "k");
    assertEquals(List.of("a"), first.items);
    first.items.add("changed by the caller");
    Box second = readerCache.get("k");
    assertNotSame(first, second, "a mutable value is decoded on every hit");
    assertEquals(List.of("a"), second.items, "mutating what a hit returned does not change the next hit");
  }
}
