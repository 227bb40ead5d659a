package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisEndpoint.Node;
import io.jcacheredis.configuration.RedisSettings;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/** redis-sentinel:// URLs: sentinels, master name, database, credentials never shown (no server needed). */
class SentinelSettingsTest {

  private static RedisSettings resolve(String uri, Properties properties) {
    return RedisSettings.resolve(URI.create(uri), false, properties, SentinelSettingsTest.class.getClassLoader());
  }

  private static RedisSettings resolve(String uri) {
    return resolve(uri, new Properties());
  }

  @Test
  void listsTheSentinelsAndTheMaster() {
    RedisEndpoint endpoint = resolve("redis-sentinel://app:s3cret@10.0.0.1:26380,sentinel-2.internal/orders/3")
        .endpoint();
    assertTrue(endpoint.isSentinel());
    assertFalse(endpoint.isCluster());
    assertFalse(endpoint.isUnixSocket());
    assertEquals(List.of(new Node("10.0.0.1", 26380), new Node("sentinel-2.internal", 26379)),
        endpoint.sentinels());
    assertEquals("orders", endpoint.sentinelMaster());
    assertEquals(3, endpoint.database());
    assertEquals("app", endpoint.user());
    assertEquals("s3cret", endpoint.password());
    assertNull(endpoint.host());
    assertEquals("redis-sentinel://10.0.0.1:26380,sentinel-2.internal:26379/orders/3", endpoint.toString());
  }

  @Test
  void settingsWinOverThePathAndCredentialsAreNeverShown() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.DATABASE, "5");
    properties.setProperty(RedisSettings.SENTINEL_PASSWORD, "sentinel-pw");
    RedisSettings settings = resolve("redis-sentinel://:data-pw@h1:1,h2:2/m/1?sentinel-user=watcher&prefix=p",
        properties);
    assertEquals(5, settings.endpoint().database());
    assertEquals("data-pw", settings.endpoint().password());
    assertEquals("sentinel-pw", settings.sentinelPassword());
    assertEquals("watcher", settings.sentinelUser());
    assertEquals("p", settings.prefix());
    assertFalse(settings.toString().contains("pw"), settings.toString());
    assertEquals("redis-sentinel://h1:1,h2:2/m?x=1",
        RedisEndpoint.redact("redis-sentinel://:data-pw@h1:1,h2:2/m?x=1&sentinel-password=sentinel-pw"));
  }

  @Test
  void defaultsToDatabaseZeroAndNoSentinelCredentials() {
    RedisSettings settings = resolve("redis-sentinel://h:26379/mymaster");
    assertEquals(0, settings.endpoint().database());
    assertNull(settings.endpoint().password());
    assertNull(settings.sentinelPassword());
    assertNull(settings.sentinelUser());
  }

  @Test
  void rejectsMalformedUrls() {
    assertThrows(CacheException.class, () -> resolve("redis-sentinel://h:26379"));
    assertThrows(CacheException.class, () -> resolve("redis-sentinel://h:26379/"));
    assertThrows(CacheException.class, () -> resolve("redis-sentinel://h:26379/m/x"));
    assertThrows(CacheException.class, () -> resolve("redis-sentinel://h:26379/m/1/2"));
    CacheException noPort = assertThrows(CacheException.class,
        () -> resolve("redis-sentinel://:pw@h:port/m"));
    assertTrue(noPort.getMessage().contains("Sentinel"), noPort.getMessage());
    assertFalse(noPort.getMessage().contains("pw@"), noPort.getMessage());
  }

  @Test
  void managerCanBeCreatedWhileNoSentinelAnswers() throws Exception {
    int port = TestRedis.freePort();
    URI uri = URI.create("redis-sentinel://:pw-not-shown@127.0.0.1:" + port
        + "/nowhere?timeout.millis=300&connect-timeout.millis=300");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    try {
      RedisFailureException failure = assertThrows(RedisFailureException.class,
          () -> manager.getCache("any"));
      assertTrue(failure.getMessage().contains("redis-sentinel://127.0.0.1:" + port + "/nowhere/0"),
          failure.getMessage());
      assertFalse(failure.getMessage().contains("pw-not-shown"), failure.getMessage());
    } finally {
      manager.close();
    }
  }
}
