package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** An ACL user (Redis 6+) named in the URL, on the test server; the user is removed afterwards. */
@SuppressWarnings("deprecation") // raw commands (DEBUG, ACL, CLIENT, CONFIG) through sendCommand(command, String...)
@Timeout(20)
class AclConnectionTest {

  private static final String PASSWORD = "Acl-Secret-4711";
  private static final String WRONG_PASSWORD = "Wrong-Secret-0815";
  private static final String USER = "app-" + UUID.randomUUID().toString().substring(0, 8);

  private static RedisEndpoint server;

  @BeforeAll
  static void createUser() {
    server = RedisSettings.resolve(TestRedis.uri(), false, new Properties(), AclConnectionTest.class.getClassLoader())
        .endpoint();
    try (RedisClient admin = TestRedis.server()) {
      admin.sendCommand(Protocol.Command.ACL, "SETUSER", USER, "on", ">" + PASSWORD, "~*", "+@all");
    }
  }

  @AfterAll
  static void deleteUser() {
    try (RedisClient admin = TestRedis.server()) {
      admin.sendCommand(Protocol.Command.ACL, "DELUSER", USER);
    }
  }

  private static String url(String user, String password) {
    return "redis://" + user + ":" + password + "@" + server.host() + ":" + server.port() + "/" + server.database();
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(TestRedis.uniqueName("acl"),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void theUserOfTheUrlIsTheConnectionsUser() {
    try (CacheManager manager = ConnectionTestServers.manager(url(USER, PASSWORD) + "?client-name=" + USER)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "as " + USER);
      assertEquals("as " + USER, cache.get("k"));
      try (RedisClient admin = TestRedis.server()) {
        String clients = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"),
            StandardCharsets.UTF_8);
        assertTrue(clients.contains("name=" + USER) && clients.contains("user=" + USER), clients);
      }
      cache.clear();
    }
  }

  @Test
  void userAndPasswordMayAlsoBeSettings() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.USER, USER);
    properties.setProperty(RedisSettings.PASSWORD, PASSWORD);
    String url = "redis://" + server.host() + ":" + server.port() + "/" + server.database();
    try (CacheManager manager = ConnectionTestServers.manager(url, properties)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertFalse(manager.toString().contains(PASSWORD), manager.toString());
    }
  }

  @Test
  void aWrongPasswordFailsNamingTheServerButNotThePassword() {
    try (CacheManager manager = ConnectionTestServers.manager(url(USER, WRONG_PASSWORD))) {
      CacheException error = assertThrows(CacheException.class, () -> cache(manager));
      assertTrue(error.getMessage().contains(server.host() + ":" + server.port()), error.getMessage());
      assertNoPassword(manager.toString());
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        assertNoPassword(cause.getMessage());
        assertNoPassword(cause.toString());
        for (Throwable suppressed : cause.getSuppressed()) {
          assertNoPassword(suppressed.toString());
        }
      }
      assertNoPassword(URI.create(RedisEndpoint.redact(manager.getURI().toString())).toString());
    }
  }

  @Test
  void aPasswordInTheManagerUriIsInNoDisplayFormMBeanOrLogLine() {
    String hostAndDb = server.host() + ":" + server.port() + "/" + server.database();
    for (String url : new String[] {url(USER, PASSWORD), "redis://" + hostAndDb + "?user=" + USER + "&password="
        + PASSWORD}) {
      StringBuilder shown = new StringBuilder();
      String name = TestRedis.uniqueName("acl-shown");
      String log = TestLogs.capturingStandardError(() -> {
        CacheManager manager = ConnectionTestServers.manager(url);
        try {
          assertEquals(URI.create(url), manager.getURI(), "getURI returns the URI as given (the spec compares it)");
          Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class).setStatisticsEnabled(true).setManagementEnabled(true));
          cache.put("k", "v");
          assertEquals("v", cache.get("k"));
          shown.append(manager).append(' ').append(cache).append(' ').append(cache.getCacheManager());
          shown.append(' ').append(assertThrows(IllegalArgumentException.class,
              () -> manager.enableStatistics("no-such-cache", true)).getMessage());
          shown.append(mbeansOf(name));
          manager.destroyCache(name);
        } finally {
          manager.close();
        }
        shown.append(' ').append(assertThrows(IllegalStateException.class, () -> manager.getCache(name))
            .getMessage());
      });
      assertTrue(shown.toString().contains(server.host() + ":" + server.port()), shown.toString());
      assertNoPassword(shown.toString());
      assertNoPassword(log);
    }
  }

  /** The names of all JCache MXBeans, and the attributes of the cache's two (which must both be there). */
  private static String mbeansOf(String cacheName) {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    StringBuilder shown = new StringBuilder();
    try {
      int beans = 0;
      for (ObjectName bean : mbeans.queryNames(new ObjectName("javax.cache:*"), null)) {
        shown.append(' ').append(bean);
        if (cacheName.equals(bean.getKeyProperty("Cache"))) {
          beans++;
          for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(bean).getAttributes()) {
            shown.append(' ').append(mbeans.getAttribute(bean, attribute.getName()));
          }
        }
      }
      assertEquals(2, beans, "the statistics and configuration MXBeans of the cache");
    } catch (JMException e) {
      throw new AssertionError(e);
    }
    return shown.toString();
  }

  private static void assertNoPassword(String text) {
    if (text != null) {
      assertFalse(text.contains(WRONG_PASSWORD) || text.contains(PASSWORD), text);
    }
  }
}
