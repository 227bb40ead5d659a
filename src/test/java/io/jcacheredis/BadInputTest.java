package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input fails the way the JCache spec says, with messages that say what to fix, and loses no data. */
@AlsoOnCluster
class BadInputTest {

  private CacheManager manager;
  private String name;
  private Cache<String, Integer> cache;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("bad");
    cache = manager.createCache(name, new MutableConfiguration<String, Integer>().setTypes(String.class,
        Integer.class));
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  @Test
  void nullKeysAndValuesAreNullPointerExceptions() {
    assertThrows(NullPointerException.class, () -> cache.get(null));
    assertThrows(NullPointerException.class, () -> cache.put("k", null));
    assertThrows(NullPointerException.class, () -> cache.put(null, 1));
    Map<String, Integer> withNull = new HashMap<>();
    withNull.put("a", 1);
    withNull.put("b", null);
    assertThrows(NullPointerException.class, () -> cache.putAll(withNull));
    assertFalse(cache.containsKey("a"), "a putAll with a null value stores nothing");
    assertThrows(NullPointerException.class, () -> cache.getAll(Collections.singleton(null)));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aValueOfTheWrongConfiguredTypeIsAClassCastExceptionNamingBothTypes() {
    Cache raw = cache;
    ClassCastException error = assertThrows(ClassCastException.class, () -> raw.put("k", "not a number"));
    assertTrue(error.getMessage().contains("java.lang.String") && error.getMessage().contains("java.lang.Integer"),
        error.getMessage());
    assertThrows(ClassCastException.class, () -> raw.put(7, 7));
  }

  @Test
  void aClosedCacheIsIllegalState() {
    cache.put("k", 1);
    cache.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("k"));
    assertThrows(IllegalStateException.class, () -> cache.put("k", 2));
    Cache<String, Integer> reopened = manager.getCache(name, String.class, Integer.class);
    assertEquals(1, reopened.get("k"), "closing a cache keeps its data");
  }

  /** Holds a thread: Kryo cannot reach the JDK's private fields, so this value cannot be serialized. */
  static final class NotSerializable {
    final Thread thread = new Thread(() -> { });
  }

  @Test
  void aValueKryoCannotSerializeFailsWithACacheExceptionNamingTheClass() {
    Cache<String, Object> objects = manager.createCache(name + "-objects", new MutableConfiguration<>());
    try {
      objects.put("before", "kept");
      CacheException error = assertThrows(CacheException.class, () -> objects.put("k", new NotSerializable()));
      assertTrue(error.getMessage().contains(NotSerializable.class.getName()), error.getMessage());
      assertFalse(objects.containsKey("k"));
      assertEquals("kept", objects.get("before"));
    } finally {
      manager.destroyCache(name + "-objects");
    }
  }

  @Test
  void unreachableRedisFailsFastNamingHostAndPortButNeverThePassword() throws Exception {
    int port = TestRedis.freePort();
    URI uri = URI.create("redis://app:s3cret-pw@127.0.0.1:" + port + "/0?timeout.millis=500"
        + "&connect-timeout.millis=500");
    CacheManager unreachable = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    try {
      long start = System.nanoTime();
      CacheException error = assertThrows(CacheException.class,
          () -> unreachable.createCache("anything", new MutableConfiguration<>()));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 1500, "failed after " + millis + " ms, configured timeout 500 ms");
      assertTrue(error.getMessage().contains("127.0.0.1:" + port), error.getMessage());
      assertFalse(error.toString().contains("s3cret-pw"), error.toString());
      assertFalse(unreachable.toString().contains("s3cret-pw"), unreachable.toString());
    } finally {
      unreachable.close();
    }
  }

  @Test
  void invalidSettingsNameTheSettingAndTheFix() {
    URI badDb = URI.create("redis://127.0.0.1:6379/notanumber");
    CacheException error = assertThrows(CacheException.class,
        () -> Caching.getCachingProvider().getCacheManager(badDb, getClass().getClassLoader()));
    assertTrue(error.getMessage().contains("database") && error.getMessage().contains("notanumber"),
        error.getMessage());
    assertThrows(CacheException.class, () -> Caching.getCachingProvider().getCacheManager(
        URI.create("classpath:no-such-file.properties"), getClass().getClassLoader()));
    assertTrue(cache.getAll(Set.of("x")).isEmpty());
  }
}
