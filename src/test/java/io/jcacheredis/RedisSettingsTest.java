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
import io.jcacheredis.codec.KryoCodec;
import io.jcacheredis.spi.RedisCacheManager;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** What getCacheManager logs while it creates a manager (and closes it again) on a server that is never reached. */
  private static String logOfNewManager(URI uri, Properties properties) {
    ClassLoader own = new URLClassLoader(new URL[0], RedisSettingsTest.class.getClassLoader());
    return TestLogs.capturingStandardError(
        () -> Caching.getCachingProvider().getCacheManager(uri, own, properties).close());
  }

  @Test
  void aMisspeltSettingIsOneWarningNamingItsSourceAndTheClosestKnownName() {
    Properties properties = new Properties();
    properties.setProperty("jcache.redis.pool.max-totl", "8");
    properties.setProperty(RedisSettings.POOL_MAX_IDLE, "4");
    properties.setProperty("spring.cache.jcache.config", "classpath:x"); // a framework's own key: not the provider's
    String log = logOfNewManager(URI.create("redis://unused-host:1?pool.min-idel=1&db=2&pasword=secret"), properties);
    assertTrue(log.contains("WARN") && log.contains("Unknown setting jcache.redis.pool.max-totl in the Properties"
        + " given to getCacheManager is ignored; the closest known setting is jcache.redis.pool.max-total"), log);
    assertTrue(log.contains("Unknown setting pool.min-idel in the query of the Redis URL redis://unused-host:1 is"
        + " ignored; the closest known setting is pool.min-idle"), log);
    assertTrue(log.contains("Unknown setting pasword in the query of the Redis URL redis://unused-host:1 is"
        + " ignored; the closest known setting is password"), log);
    assertEquals(3, log.lines().filter(line -> line.contains("Unknown setting")).count(), log);
    assertFalse(log.contains("secret"), "values are never shown: " + log);

    String fromFile = logOfNewManager(URI.create("classpath:jcache-redis-misspelt.properties"), new Properties());
    assertTrue(fromFile.contains("Unknown setting jcache.redis.prefx in the configuration file"
        + " classpath:jcache-redis-misspelt.properties is ignored; the closest known setting is jcache.redis.prefix"),
        fromFile);
    assertEquals(1, fromFile.lines().filter(line -> line.contains("Unknown setting")).count(), fromFile);
  }

  @Test
  void theKnownSettingNamesAreTheConstantsAndTheDocumentedTable() throws IOException {
    Set<String> known = RedisCacheManager.SETTING_NAMES;
    assertTrue(known.containsAll(List.of(RedisSettings.URL, RedisSettings.POOL_MAX_TOTAL,
        FailureOptions.THROW_ON_UNREADABLE_VALUES, KryoOptions.REGISTRATIONS, KryoCodec.ALLOWED_CLASSES,
        RedisCacheManager.CONFIG_REFRESH)), known.toString());
    assertFalse(known.contains(RedisSettings.URL_ENV));
    Set<String> documented = new TreeSet<>();
    Matcher names = Pattern.compile("`(jcache\\.redis\\.[a-z.-]+)`").matcher("");
    for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
      if (line.startsWith("| `jcache.redis.")) {
        names.reset(line.substring(0, line.indexOf('|', 1)));
        while (names.find()) {
          documented.add(names.group(1));
        }
      }
    }
    assertEquals(documented, known,
        "docs/configuration.md's settings table lists every setting the provider reads, and no other");
  }
}
