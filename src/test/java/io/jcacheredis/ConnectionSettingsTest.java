package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisConfig;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.client.RedisClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;

/** URL forms, the connection and pool settings, and that passwords are never shown (no server needed). */
class ConnectionSettingsTest {

  private static RedisSettings resolve(String uri, Properties properties) {
    return RedisSettings.resolve(URI.create(uri), false, properties, ConnectionSettingsTest.class.getClassLoader());
  }

  private static RedisSettings resolve(String uri) {
    return resolve(uri, new Properties());
  }

  @Test
  void unixSocketUrls() {
    RedisEndpoint plain = resolve("unix:///run/redis/redis.sock?db=2").endpoint();
    assertTrue(plain.isUnixSocket());
    assertEquals("/run/redis/redis.sock", plain.socketPath());
    assertEquals(2, plain.database());
    assertNull(plain.password());
    assertEquals("unix:///run/redis/redis.sock?db=2", plain.toString());

    RedisEndpoint withPassword = resolve("unix://:p%40ss@/run/redis.sock").endpoint();
    assertEquals("p@ss", withPassword.password());
    assertNull(withPassword.user());
    assertEquals(0, withPassword.database(), "the path is the socket, not a database");

    RedisEndpoint withUser = resolve("unix://app:pw@localhost/run/redis.sock?db=1").endpoint();
    assertEquals("app", withUser.user());
    assertEquals("pw", withUser.password());
    assertEquals("/run/redis.sock", withUser.socketPath());

    assertEquals("qpw", resolve("unix:///run/redis.sock?password=qpw").endpoint().password());
    assertFalse(resolve("unix:///run/redis.sock?password=qpw").toString().contains("qpw"));
  }

  @Test
  void badUnixUrlsSayWhatIsExpected() {
    CacheException relative = assertThrows(CacheException.class, () -> resolve("unix://run/redis.sock"));
    assertTrue(relative.getMessage().contains("unix:///path/to/redis.sock"), relative.getMessage());
    CacheException noPath = assertThrows(CacheException.class, () -> resolve("unix://:secret@"));
    assertFalse(noPath.getMessage().contains("secret"), noPath.getMessage());
  }

  @Test
  void tcpUrlsAndCredentialSettings() {
    RedisEndpoint endpoint = resolve("rediss://alice:pw@h:6380/3").endpoint();
    assertEquals("rediss://h:6380/3", endpoint.toString());
    assertTrue(endpoint.ssl());
    assertFalse(endpoint.isUnixSocket());

    Properties credentials = new Properties();
    credentials.setProperty(RedisSettings.USER, "bob");
    credentials.setProperty(RedisSettings.PASSWORD, "from-setting");
    RedisEndpoint overridden = resolve("redis://alice:pw@h/1", credentials).endpoint();
    assertEquals("bob", overridden.user());
    assertEquals("from-setting", overridden.password());
    assertEquals(1, overridden.database());
    assertEquals("from-query", resolve("redis://h?password=from-query").endpoint().password());
  }

  @Test
  void redactRemovesUserInfoAndPasswordParameters() {
    assertEquals("unix:///run/r.sock?db=1", RedisEndpoint.redact("unix://:pw@/run/r.sock?db=1&password=pw"));
    assertEquals("redis://h:1/0?db=2", RedisEndpoint.redact("redis://u:pw@h:1/0?password=pw&db=2"));
    assertEquals("redis://h:1", RedisEndpoint.redact("redis://h:1?password=pw"));
    assertEquals("rediss://h?ssl.truststore=/t.p12", RedisEndpoint.redact(
        "rediss://h?ssl.truststore=/t.p12&ssl.truststore-password=tpw"));
    // Passwords that were not percent-encoded, as they reach error messages about a malformed URL.
    assertEquals("redis://h:1/0", RedisEndpoint.redact("redis://u:p/w?x#y@h:1/0"));
  }

  @Test
  void passwordsAreNeverShown() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.PASSWORD, "setting-pw");
    properties.setProperty(RedisSettings.SSL_TRUSTSTORE_PASSWORD, "trust-pw");
    RedisSettings settings = resolve("rediss://u:url-pw@h:1?password=query-pw&client-name=app", properties);
    String shown = settings.toString() + settings.endpoint();
    for (String secret : new String[] {"setting-pw", "trust-pw", "url-pw", "query-pw"}) {
      assertFalse(shown.contains(secret), shown);
    }
    assertTrue(shown.contains("client-name=app"), shown);

    RedisConfig config = RedisConfig.builder().url("redis://u:url-pw@h").password("setting-pw")
        .truststore(Path.of("/t.p12"), "trust-pw").clientName("app").build();
    assertFalse(config.toString().contains("pw"), config.toString());
    assertTrue(config.toString().contains("client-name=app"), config.toString());
  }

  @Test
  void poolSettingsReachThePoolWithTheSameNamesEverywhere() {
    RedisSettings defaults = resolve("redis://h");
    ConnectionPoolConfig pool = RedisClients.poolConfig(defaults);
    assertEquals(16, pool.getMaxTotal());
    assertFalse(pool.getTestOnBorrow());
    assertTrue(pool.getTestWhileIdle());
    assertEquals(Duration.ofSeconds(30), pool.getDurationBetweenEvictionRuns());
    assertEquals(Duration.ofSeconds(60), pool.getMinEvictableIdleDuration());

    Properties file = new Properties();
    file.setProperty(RedisSettings.POOL_TEST_ON_BORROW, "true");
    file.setProperty(RedisSettings.POOL_MIN_EVICTABLE_IDLE, "5000");
    RedisSettings settings = resolve("redis://h?pool.max-total=7&pool.max-idle=5&pool.min-idle=1"
        + "&pool.max-wait.millis=300&pool.test-while-idle=false&pool.time-between-eviction-runs.millis=1000", file);
    pool = RedisClients.poolConfig(settings);
    assertEquals(7, pool.getMaxTotal());
    assertEquals(5, pool.getMaxIdle());
    assertEquals(1, pool.getMinIdle());
    assertEquals(Duration.ofMillis(300), pool.getMaxWaitDuration());
    assertTrue(pool.getTestOnBorrow());
    assertFalse(pool.getTestWhileIdle());
    assertEquals(Duration.ofSeconds(1), pool.getDurationBetweenEvictionRuns());
    assertEquals(Duration.ofSeconds(5), pool.getMinEvictableIdleDuration());

    Properties built = RedisConfig.builder().poolMaxTotal(9).poolTestOnBorrow(true)
        .poolTimeBetweenEvictionRuns(Duration.ofSeconds(2)).timeout(Duration.ofMillis(750)).clientName("c")
        .build().toProperties();
    RedisSettings fromBuilder = resolve("redis://h", built);
    assertEquals(9, RedisClients.poolConfig(fromBuilder).getMaxTotal());
    assertTrue(RedisClients.poolConfig(fromBuilder).getTestOnBorrow());
    assertEquals(2000, fromBuilder.poolTimeBetweenEvictionRunsMillis());
    DefaultJedisClientConfig client = RedisClients.clientConfig(fromBuilder);
    assertEquals(750, client.getSocketTimeoutMillis());
    assertEquals("c", client.getClientName());
  }

  @Test
  void badBooleansAndFactoriesAreRejectedWithTheirName() {
    CacheException bool = assertThrows(CacheException.class,
        () -> resolve("redis://h?pool.test-on-borrow=yes").poolTestOnBorrow());
    assertTrue(bool.getMessage().contains(RedisSettings.POOL_TEST_ON_BORROW), bool.getMessage());
    CacheException missing = assertThrows(CacheException.class,
        () -> resolve("redis://h?client-factory=com.example.NoSuchFactory").clientFactory());
    assertTrue(missing.getMessage().contains("com.example.NoSuchFactory"), missing.getMessage());
    assertNull(resolve("redis://h").clientFactory());
  }

  @Test
  @SuppressWarnings("deprecation") // getSslParameters: where the client config keeps what the provider set
  void hostnameVerificationIsOnByDefault() {
    assertTrue(resolve("rediss://h").sslVerifyHostname());
    assertEquals("PKCS12", resolve("rediss://h").sslTruststoreType());
    assertEquals("HTTPS", RedisClients.clientConfig(resolve("rediss://h")).getSslParameters()
        .getEndpointIdentificationAlgorithm());
    assertNull(RedisClients.clientConfig(resolve("rediss://h?ssl.verify-hostname=false")).getSslParameters()
        .getEndpointIdentificationAlgorithm());
  }
}
