package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * {@link RedisServerExtension}: a server per test, the same one in {@code @BeforeEach} and the test, stopped after
 * the test; one per class from {@code @BeforeAll}; redis.conf lines of {@link ServerSettings}; the shared cluster.
 */
@WithRedis
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionTest {

  private static RedisTestServer classServer;
  private static RedisTestServer previousTestServer;
  private RedisTestServer beforeEachServer;

  @BeforeAll
  static void startClassServer(RedisTestServer server) {
    classServer = server;
  }

  @AfterAll
  static void classServerRunsUntilTheEnd() {
    assertTrue(classServer.isActive());
  }

  @BeforeEach
  void remember(RedisTestServer server) {
    beforeEachServer = server;
  }

  @Test
  @Order(1)
  void aTestGetsTheServerOfItsBeforeEachMethodOrItsClass(RedisTestServer server) {
    assertSame(beforeEachServer, server);
    assertSame(classServer, server, "a test sees the server its class started with the same settings");
  }

  @Test
  @Order(2)
  void settingsGiveAServerOfTheTestsOwnWithItsRawClientAndUrl(
      @ServerSettings({"requirepass ext-secret", "maxmemory 7mb"}) RedisTestServer server) {
    assertNotEquals(classServer.port(), server.port());
    assertEquals("redis://127.0.0.1:" + server.port(), server.url());
    RedisClient raw = server.raw();
    assertThrows(JedisDataException.class, () -> raw.set("k", "v"), "NOAUTH: the settings apply");
    try (RedisClient authenticated = RedisClient.create("127.0.0.1", server.port(), null, "ext-secret")) {
      assertEquals(String.valueOf(7 * 1024 * 1024), authenticated.configGet("maxmemory").get("maxmemory"));
    }
    previousTestServer = server;
  }

  @Test
  @Order(3)
  void theServerOfAFinishedTestIsStopped() {
    assertFalse(previousTestServer.isActive(), "stopped once its test was done");
    assertTrue(classServer.isActive());
  }

  @Test
  @Order(4)
  void aStoppedServerStartsAgainOnTheSamePort(@ServerSettings("maxmemory 9mb") RedisTestServer server) {
    server.raw().set("k", "v");
    server.stop();
    assertFalse(server.isActive());
    server.start();
    assertEquals("PONG", server.raw().ping());
    assertEquals(null, server.raw().get("k"), "no persistence: empty after the restart");
  }

  @Test
  @Order(5)
  void theClusterIsTheSharedOne(ClusterTestServers cluster) {
    assertSame(ClusterTestServers.shared(), cluster);
    try (var raw = cluster.raw()) {
      raw.set("extension-test", "v");
      assertEquals("v", raw.get("extension-test"));
      raw.del("extension-test");
    }
  }
}
