package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * What of a cache's configuration reaches another JVM through Redis (two managers with separate pools), what does
 * not and how that is said, and stored configurations that are damaged.
 */
@AlsoOnCluster
class StoredConfigurationTest {

  private CacheManager first;
  private CacheManager second;
  private String name;

  @BeforeEach
  void open() {
    first = TestRedis.defaultManager();
    second = TestRedis.separateManager();
    name = TestRedis.uniqueName("stored");
  }

  @AfterEach
  void close() {
    first.destroyCache(name);
    second.close();
  }

  /** An application class as value type: the filter of stored configurations does not admit it. */
  static final class Book implements Serializable {
    private static final long serialVersionUID = 1L;
    final String title;

    Book(String title) {
      this.title = title;
    }
  }

  /** Serializable, but an application class: other JVMs do not deserialize it from Redis. */
  static final class TenMinutes implements ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Duration getExpiryForCreation() {
      return new Duration(TimeUnit.MINUTES, 10);
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }

  /** Not serializable at all. */
  static final class UpperCaseLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return key.toUpperCase();
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theExpiryOfACacheOfApplicationTypesReachesTheOtherJvm() {
    first.createCache(name, new MutableConfiguration<String, Book>().setTypes(String.class, Book.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));

    String log = TestLogs.capturingStandardError(() -> {
      Cache<String, Book> seen = second.getCache(name, String.class, Book.class);
      @SuppressWarnings("unchecked")
      CompleteConfiguration<String, Book> config = seen.getConfiguration(CompleteConfiguration.class);
      assertEquals(new Duration(TimeUnit.MINUTES, 5), config.getExpiryPolicyFactory().create().getExpiryForCreation());
    });
    assertFalse(log.contains("WARN"), log);
  }

  @Test
  void partsThatCannotBeStoredAreNamedAtCreateCacheAndWhenAnotherJvmOpensTheCache() {
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new TenMinutes()))
        .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(new UpperCaseLoader()))
        .setReadThrough(true)
        .setCacheWriterFactory(() -> (CacheWriter<String, String>) null);

    String created = TestLogs.capturingStandardError(() -> {
      Cache<String, String> cache = first.createCache(name, configuration);
      assertEquals("ABC", cache.get("abc"), "the creating JVM has its whole configuration");
    });
    assertTrue(created.contains("WARN") && created.contains(name), created);
    assertTrue(created.contains("expiry policy factory (") && created.contains(TenMinutes.class.getName()), created);
    assertTrue(created.contains("CacheLoader factory (") && created.contains(UpperCaseLoader.class.getName())
        && created.contains("not serializable"), created);
    assertTrue(created.contains("CacheWriter factory (") && created.contains("refers to class "
        + StoredConfigurationTest.class.getName()), created);

    String opened = TestLogs.capturingStandardError(() -> {
      Cache<String, String> seen = second.getCache(name, String.class, String.class);
      @SuppressWarnings("unchecked")
      CompleteConfiguration<String, String> config = seen.getConfiguration(CompleteConfiguration.class);
      assertInstanceOf(EternalExpiryPolicy.class, config.getExpiryPolicyFactory().create());
      assertNull(config.getCacheLoaderFactory());
      assertNull(config.getCacheWriterFactory());
      assertNull(seen.get("xyz"), "no loader in the other JVM");
    });
    assertTrue(opened.contains("WARN") && opened.contains(name) && opened.contains("expiry policy factory")
        && opened.contains("CacheLoader factory") && opened.contains("CacheWriter factory"), opened);
  }

  @Test
  void createCacheWithAnotherExpiryPolicyThanTheStoredOneWarns() {
    first.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));

    String same = TestLogs.capturingStandardError(() -> second.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)))));
    assertFalse(same.contains("WARN"), same);

    CacheManager third = TestRedis.separateManager();
    try {
      String other = TestLogs.capturingStandardError(() -> third.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 1)))));
      assertTrue(other.contains("WARN") && other.contains(name) && other.contains("another expiry policy"), other);
    } finally {
      third.close();
    }
  }

  @Test
  void anUnreadableStoredConfigurationIsAnErrorAndTheCacheCanStillBeDestroyed() {
    try (UnifiedJedis raw = TestRedis.raw()) {
      raw.hset("jcache:" + name, Map.of("keyType", "java.lang.String", "valueType", "java.lang.String",
          "configuration", "not Java serialization"));
      raw.set("jcache:" + name + ":k", "v");

      CacheException error = assertThrows(CacheException.class, () -> second.getCache(name));
      assertTrue(error.getMessage().contains(name) && error.getMessage().contains("cannot be read")
          && error.getMessage().contains("destroyCache"), error.getMessage());
      assertThrows(CacheException.class, () -> second.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)));

      second.destroyCache(name);
      assertFalse(raw.exists("jcache:" + name), "the stored configuration is deleted");
      assertFalse(raw.exists("jcache:" + name + ":k"), "and the entries");
    }
  }

  @Test
  void aStoredConfigurationWithoutItsValueTypeIsAnErrorNotAnObjectCache() {
    try (UnifiedJedis raw = TestRedis.raw()) {
      raw.hset("jcache:" + name, "keyType", "java.lang.String");

      CacheException error = assertThrows(CacheException.class, () -> second.getCache(name));
      assertTrue(error.getMessage().contains(name) && error.getMessage().contains("valueType"), error.getMessage());
      CacheException creating = assertThrows(CacheException.class, () -> second.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
      assertTrue(creating.getMessage().contains("valueType"), creating.getMessage());
    }
  }

  @Test
  void theStoredConfigurationIsWrittenWholeOnce() {
    first.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    try (UnifiedJedis raw = TestRedis.raw()) {
      Map<String, String> fields = raw.hgetAll("jcache:" + name);
      assertEquals("java.lang.String", fields.get("keyType"));
      assertEquals("java.lang.String", fields.get("valueType"));
      assertTrue(fields.containsKey("configuration"), fields.keySet().toString());
      assertEquals("kryo", fields.get("codec"), "the default codec is recorded");
      assertEquals("none", fields.get("compression"));
      assertFalse(fields.containsKey("leftOut"), "nothing was left out");
    }
  }
}
