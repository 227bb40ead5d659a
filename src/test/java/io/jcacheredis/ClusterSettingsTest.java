package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisEndpoint.Node;
import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-cluster:// URLs: several hosts, credentials never shown, only database 0 (no server needed). */
class ClusterSettingsTest {

  private static RedisSettings resolve(String uri, Properties properties) {
    return RedisSettings.resolve(URI.create(uri), false, properties, ClusterSettingsTest.class.getClassLoader());
  }

  private static RedisSettings resolve(String uri) {
    return resolve(uri, new Properties());
  }

  /** The URL given through jcache.redis.url (the only way for forms java.net.URI rejects, such as IPv6 lists). */
  private static RedisSettings resolveProperty(String url) {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.URL, url);
    return RedisSettings.resolve(URI.create("jcache-redis"), true, properties,
        ClusterSettingsTest.class.getClassLoader());
  }

  @Test
  void listsEveryNodeWithItsPort() {
    RedisEndpoint endpoint = resolve("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,cache-3.internal").endpoint();
    assertTrue(endpoint.isCluster());
    assertEquals(List.of(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 7001), new Node("cache-3.internal", 6379)),
        endpoint.clusterNodes());
    assertEquals("10.0.0.1", endpoint.host());
    assertEquals(7000, endpoint.port());
    assertEquals(0, endpoint.database());
    assertFalse(endpoint.ssl());
    assertFalse(endpoint.isUnixSocket());
    assertEquals("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,cache-3.internal:6379", endpoint.toString());
  }

  @Test
  void oneServerIsNotACluster() {
    RedisEndpoint endpoint = resolve("redis://h:1").endpoint();
    assertFalse(endpoint.isCluster());
    assertTrue(endpoint.clusterNodes().isEmpty());
  }

  @Test
  void tlsAndIpv6() {
    RedisEndpoint tls = resolve("rediss-cluster://a:7000,b:7001").endpoint();
    assertTrue(tls.ssl());
    assertEquals("rediss-cluster://a:7000,b:7001", tls.toString());

    RedisEndpoint ipv6 = resolveProperty("redis-cluster://[::1]:7000,[fe80::1]:7001,127.0.0.1:7002").endpoint();
    assertEquals(List.of(new Node("::1", 7000), new Node("fe80::1", 7001), new Node("127.0.0.1", 7002)),
        ipv6.clusterNodes());
    assertEquals("redis-cluster://[::1]:7000,[fe80::1]:7001,127.0.0.1:7002", ipv6.toString());
  }

  @Test
  void credentialsComeFromTheUrlOrTheSettingsAndAreNeverShown() {
    RedisSettings settings = resolve("redis-cluster://alice:p%40ss@a:7000,b:7001");
    assertEquals("alice", settings.endpoint().user());
    assertEquals("p@ss", settings.endpoint().password());
    assertFalse(settings.toString().contains("p@ss") || settings.toString().contains("p%40ss"), settings.toString());
    assertFalse(settings.endpoint().toString().contains("alice"), settings.endpoint().toString());
    assertEquals("redis-cluster://a:7000,b:7001", RedisEndpoint.redact("redis-cluster://alice:p%40ss@a:7000,b:7001"));

    RedisEndpoint passwordOnly = resolve("redis-cluster://:secret@a:7000").endpoint();
    assertNull(passwordOnly.user());
    assertEquals("secret", passwordOnly.password());

    Properties credentials = new Properties();
    credentials.setProperty(RedisSettings.USER, "bob");
    credentials.setProperty(RedisSettings.PASSWORD, "from-settings");
    RedisEndpoint overridden = resolve("redis-cluster://alice:pw@a:7000", credentials).endpoint();
    assertEquals("bob", overridden.user());
    assertEquals("from-settings", overridden.password());
    assertEquals("q", resolve("redis-cluster://a:7000?password=q").endpoint().password());
  }

  @Test
  void queryAndPropertiesApply() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.TIMEOUT, "300");
    RedisSettings settings = resolve("redis-cluster://a:7000,b:7001/0?prefix=app&cluster.max-attempts=3",
        properties);
    assertEquals("app", settings.prefix());
    assertEquals(3, settings.clusterMaxAttempts());
    assertEquals(300, settings.timeoutMillis());
    assertEquals(5, resolve("redis-cluster://a:7000").clusterMaxAttempts());
    assertThrows(CacheException.class, () -> resolve("redis-cluster://a:7000?cluster.max-attempts=0")
        .clusterMaxAttempts());
  }

  @Test
  void theUrlMayComeFromAPropertiesFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("jcache-redis.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write("jcache.redis.url=redis-cluster://:pw@n1:7000,n2:7001?prefix=orders\n");
    }
    RedisSettings settings = RedisSettings.resolve(file.toUri(), false, new Properties(),
        ClusterSettingsTest.class.getClassLoader());
    assertEquals(List.of(new Node("n1", 7000), new Node("n2", 7001)), settings.endpoint().clusterNodes());
    assertEquals("pw", settings.endpoint().password());
    assertEquals("orders", settings.prefix());
  }

  @Test
  void aClusterHasOnlyDatabaseZero() {
    assertEquals(0, resolve("redis-cluster://a:7000/0").endpoint().database());
    assertEquals(0, resolve("redis-cluster://a:7000/").endpoint().database());
    for (String url : List.of("redis-cluster://a:7000/1", "redis-cluster://a:7000?db=2")) {
      CacheException e = assertThrows(CacheException.class, () -> resolve(url));
      assertTrue(e.getMessage().contains("only database 0"), e.getMessage());
    }
    Properties database = new Properties();
    database.setProperty(RedisSettings.DATABASE, "3");
    assertThrows(CacheException.class, () -> resolve("redis-cluster://a:7000", database));
  }

  @Test
  void malformedUrlsSayWhatIsExpectedWithoutThePassword() {
    for (String url : List.of("redis-cluster://:secret@", "redis-cluster://:secret@a:x", "redis-cluster://:secret@a:0",
        "redis-cluster://:secret@a:7000,,b:7001", "redis-cluster://:secret@::1:7000",
        "redis-cluster://:secret@[::1:7000", "redis-cluster://:secret@a b:7000")) {
      CacheException e = assertThrows(CacheException.class, () -> resolveProperty(url), url);
      assertTrue(e.getMessage().contains("redis-cluster://[user:password@]host1:port1,host2:port2"), e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }
}
