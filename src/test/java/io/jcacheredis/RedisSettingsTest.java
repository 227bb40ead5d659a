package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.KryoOptions;
import io.jcacheredis.configuration.FailureOptions;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/** Where settings come from and how Redis URLs are read (no server needed). */
class RedisSettingsTest {

  private static RedisSettings resolve(String uri, Properties properties) {
    return RedisSettings.resolve(URI.create(uri), false, properties, RedisSettingsTest.class.getClassLoader());
  }

  @Test
  void databaseComesFromThePathOrTheQuery() {
    assertEquals(2, resolve("redis://h:1234/2", new Properties()).endpoint().database());
    assertEquals(5, resolve("redis://h:1234?db=5", new Properties()).endpoint().database());
    assertEquals(0, resolve("redis://h", new Properties()).endpoint().database());
    assertEquals(6379, resolve("redis://h", new Properties()).endpoint().port());
  }

  @Test
  void userAndPasswordAreReadButNeverShown() {
    RedisSettings settings = resolve("rediss://alice:p%40ss@h:1234/1", new Properties());
    RedisEndpoint endpoint = settings.endpoint();
    assertEquals("alice", endpoint.user());
    assertEquals("p@ss", endpoint.password());
    assertTrue(endpoint.ssl());
    assertFalse(settings.toString().contains("p@ss") || settings.toString().contains("p%40ss"), settings.toString());
    assertNull(resolve("redis://:only-password@h", new Properties()).endpoint().user());
    assertEquals("redis://h:1/", RedisEndpoint.redact("redis://u:secret@h:1/"));
  }

  @Test
  void queryAndPropertiesUseTheSameNames() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.TIMEOUT, "300");
    properties.setProperty(RedisSettings.POOL_MAX_TOTAL, "4");
    RedisSettings settings = resolve("redis://h?pool.max-total=8&prefix=app", properties);
    assertEquals(300, settings.timeoutMillis());
    assertEquals(8, settings.poolMaxTotal(), "the URL query is applied last");
    assertEquals("app", settings.prefix());
  }

  @Test
  void aConfigurationFileOnTheClassPathNamesTheServer() {
    RedisSettings settings = resolve("classpath:jcache-redis-test.properties", new Properties());
    assertEquals("cfg-host", settings.endpoint().host());
    assertEquals(6390, settings.endpoint().port());
    assertEquals(3, settings.endpoint().database());
    assertEquals("fromfile", settings.prefix());
    assertEquals(750, settings.timeoutMillis());
  }

  @Test
  void badValuesAreRejectedWithTheirName() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.TIMEOUT, "soon");
    CacheException error = assertThrows(CacheException.class, () -> resolve("redis://h", properties).timeoutMillis());
    assertTrue(error.getMessage().contains(RedisSettings.TIMEOUT), error.getMessage());
    CacheException scheme = assertThrows(CacheException.class, () -> {
      Properties p = new Properties();
      p.setProperty(RedisSettings.URL, "http://user:pw@h");
      resolve("classpath:jcache-redis-test.properties", p);
    });
    assertFalse(scheme.getMessage().contains("pw@"), scheme.getMessage());
  }

  @Test
  void textThatIsNotTrueOrFalseIsRejectedByEverySwitchNotReadAsFalse() {
    for (String[] bad : new String[][] {{FailureOptions.IGNORE_EXCEPTIONS, "yes"},
        {FailureOptions.LOG_IGNORED_EXCEPTIONS, "1"}, {KryoOptions.REFERENCES, "ture"},
        {RedisSettings.POOL_TEST_ON_BORROW, "on"}}) {
      Properties properties = new Properties();
      properties.setProperty(bad[0], bad[1]);
      CacheException error = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
          .getCacheManager(URI.create("redis://unused-host:1"), getClass().getClassLoader(), properties));
      assertTrue(error.getMessage().contains(bad[0]) && error.getMessage().contains("'" + bad[1] + "'")
          && error.getMessage().contains("true or false"), error.getMessage());
    }
    CacheException inQuery = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
        .getCacheManager(URI.create("redis://unused-host:1?ignore-exceptions=yes"), getClass().getClassLoader()));
    assertTrue(inQuery.getMessage().contains(FailureOptions.IGNORE_EXCEPTIONS), inQuery.getMessage());
    CacheException refresh = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
        .getCacheManager(URI.create("redis://unused-host:1?config-refresh.millis=often"),
            getClass().getClassLoader()));
    assertTrue(refresh.getMessage().contains("config-refresh.millis"), refresh.getMessage());

    URI valid = URI.create("redis://unused-host:1?kryo.references=FALSE&ignore-exceptions=%20true%20");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(valid, getClass().getClassLoader())) {
      assertFalse(manager.isClosed(), "true and false in any case, trimmed, are accepted");
    }
  }
}
