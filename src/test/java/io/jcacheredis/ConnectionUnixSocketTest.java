package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * {@code unix://} URLs (through junixsocket) against a Redis that listens on a Unix domain socket and on TCP, with a
 * password: what is written through the socket is read back through TCP.
 */
@SuppressWarnings("deprecation") // raw commands (DEBUG, ACL, CLIENT, CONFIG) through sendCommand(command, String...)
@Timeout(20)
class ConnectionUnixSocketTest {

  private static final String PASSWORD = "Unix-Secret-42";

  @TempDir
  static Path dir;

  private static ConnectionTestServers.Server server;
  private static String socket;

  @BeforeAll
  static void startServer() throws IOException {
    socket = dir.resolve("redis.sock").toString();
    server = ConnectionTestServers.start("unixsocket " + socket, "unixsocketperm 700", "requirepass " + PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static Cache<String, String> cache(CacheManager manager, String name) {
    Cache<String, String> cache = manager.getCache(name, String.class, String.class);
    return cache != null ? cache : manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void whatIsPutThroughTheSocketIsSeenThroughTcp() {
    String name = TestRedis.uniqueName("unix");
    try (CacheManager unix = ConnectionTestServers.manager("unix://:" + PASSWORD + "@" + socket
        + "?db=2&prefix=ux&client-name=via-socket");
        CacheManager tcp = ConnectionTestServers.manager("redis://:" + PASSWORD + "@127.0.0.1:" + server.port()
            + "/2?prefix=ux")) {
      cache(unix, name).put("k", "through the socket");
      assertEquals("through the socket", cache(tcp, name).get("k"));
      try (RedisClient raw = RedisClient.create("redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "/2")) {
        assertTrue(raw.exists("ux:" + name + ":k"), "the entry is in database 2");
        String clients = new String((byte[]) raw.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        String viaSocket = clients.lines().filter(line -> line.contains("name=via-socket")).findFirst().orElse("");
        assertTrue(viaSocket.contains("addr=" + socket), "connected through the socket: " + clients);
      }
      assertFalse(unix.toString().contains(PASSWORD), unix.toString());
      assertTrue(unix.toString().contains("unix://" + socket), unix.toString());
    }
  }

  @Test
  void thePasswordMayBeAQueryParameter() {
    String name = TestRedis.uniqueName("unix");
    try (CacheManager unix = ConnectionTestServers.manager("unix://" + socket + "?password=" + PASSWORD)) {
      Cache<String, String> cache = cache(unix, name);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertFalse(unix.toString().contains(PASSWORD), unix.toString());
    }
  }

  @Test
  void aWrongPasswordOrAMissingSocketFailsNamingThePath() {
    try (CacheManager wrong = ConnectionTestServers.manager("unix://:wrong-pw-99@" + socket)) {
      CacheException error = assertThrows(CacheException.class, () -> cache(wrong, "x"));
      assertTrue(error.getMessage().contains(socket), error.getMessage());
      assertFalse(error.getMessage().contains("wrong-pw-99"), error.getMessage());
    }
    String missing = dir.resolve("missing.sock").toString();
    try (CacheManager absent = ConnectionTestServers.manager("unix://" + missing)) {
      CacheException error = assertThrows(CacheException.class, () -> cache(absent, "x"));
      assertTrue(error.getMessage().contains(missing), error.getMessage());
    }
  }
}
