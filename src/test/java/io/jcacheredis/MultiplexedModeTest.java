package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.client.RedisClients;
import io.jcacheredis.client.ServerClient;
import io.jcacheredis.configuration.ConnectionMode;
import io.jcacheredis.configuration.RedisConfig;
import io.jcacheredis.configuration.RedisSettings;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The {@code multiplexed} connection mode: where it is chosen, what it refuses, and the commands that need a
 * connection of their own (transactions, blocking commands), which go to a pooled one, through {@code
 * unwrap(UnifiedJedis.class)} as applications use it.
 */
class MultiplexedModeTest {

  private static RedisSettings resolve(String uri, Properties properties) {
    return RedisSettings.resolve(URI.create(uri), false, properties, MultiplexedModeTest.class.getClassLoader());
  }

  private static String multiplexedUrl() {
    String url = TestRedis.url();
    return url + (url.contains("?") ? "&" : "?") + "connection-mode=multiplexed";
  }

  @Test
  void theModeIsReadFromPropertiesTheUrlQueryCodeAndTheSystemProperty() {
    assertEquals(ConnectionMode.POOLED, resolve("redis://h", new Properties()).connectionMode());
    assertEquals(ConnectionMode.MULTIPLEXED, resolve("redis://h?connection-mode=Multiplexed", new Properties())
        .connectionMode());
    Properties fromCode = RedisConfig.builder().connectionMode(ConnectionMode.MULTIPLEXED).multiplexedConnections(4)
        .build().toProperties();
    assertEquals(ConnectionMode.MULTIPLEXED, resolve("redis://h", fromCode).connectionMode());
    assertEquals(4, resolve("redis://h", fromCode).multiplexedConnections());
    assertEquals(2, resolve("redis://h", new Properties()).multiplexedConnections());
    System.setProperty(RedisSettings.CONNECTION_MODE, "multiplexed");
    try {
      assertEquals(ConnectionMode.MULTIPLEXED, resolve("redis://h", new Properties()).connectionMode());
      assertEquals(ConnectionMode.POOLED, resolve("redis://h?connection-mode=pooled", new Properties())
          .connectionMode(), "the manager's own setting wins over the system property");
    } finally {
      System.clearProperty(RedisSettings.CONNECTION_MODE);
    }
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    CacheException mode = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
        .getCacheManager(URI.create("redis://unused-host:1?connection-mode=shared"), getClass().getClassLoader()));
    assertEquals("Setting jcache.redis.connection-mode must be pooled or multiplexed, but is 'shared'",
        mode.getMessage());
    for (String bad : List.of("0", "5")) {
      CacheException count = assertThrows(CacheException.class, () -> resolve("redis://h?connection-mode=multiplexed"
          + "&multiplexed.connections=" + bad, new Properties()).multiplexedConnections());
      assertEquals("Setting jcache.redis.multiplexed.connections must be between 1 and 4, but is " + bad,
          count.getMessage());
    }
  }

  @Test
  void aRedisClusterStaysPooledWithAWarning() {
    RedisSettings settings = resolve("redis-cluster://unused-host:7000?connection-mode=multiplexed", new Properties());
    UnifiedJedis[] client = new UnifiedJedis[1];
    String log = TestLogs.capturingStandardError(() -> client[0] = RedisClients.createDefault(settings));
    try {
      assertInstanceOf(ClusterClient.class, client[0]);
      assertTrue(log.contains("WARN") && log.contains("jcache.redis.connection-mode=multiplexed is not available for"
          + " the Redis Cluster"), log);
    } finally {
      client[0].close();
    }
  }

  @Test
  void pooledStaysTheDefault() {
    try (UnifiedJedis client = RedisClients.createDefault(resolve(TestRedis.url(), new Properties()))) {
      assertInstanceOf(ServerClient.class, client);
    }
  }

  @Test
  void transactionsAndBlockingCommandsGetAConnectionOfTheirOwn() throws Exception {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(multiplexedUrl()),
        getClass().getClassLoader())) {
      MultiplexedClient client = assertInstanceOf(MultiplexedClient.class, manager.unwrap(UnifiedJedis.class));
      String key = TestRedis.uniqueName("mux-own");
      client.set(key + ":a", "1");
      try (AbstractTransaction transaction = client.multi()) {
        transaction.incr(key + ":a");
        transaction.incr(key + ":a");
        assertEquals(List.of(2L, 3L), transaction.exec());
      }
      CompletableFuture<List<String>> blocked = CompletableFuture.supplyAsync(() -> client.blpop(2, key + ":list"));
      Thread.sleep(200);
      long start = System.nanoTime();
      assertEquals("3", client.get(key + ":a"), "shared connections are not held up by a BLPOP");
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
      client.rpush(key + ":list", "x");
      assertEquals(List.of(key + ":list", "x"), blocked.get(5, TimeUnit.SECONDS));
      assertTrue(client.openConnections() >= 1 && client.openConnections() <= 2, "" + client.openConnections());
      client.del(key + ":a");
    }
  }

  @Test
  void aPipelineMapsEachReplyToItsCommandErrorsIncluded() {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(multiplexedUrl()),
        getClass().getClassLoader())) {
      UnifiedJedis client = manager.unwrap(UnifiedJedis.class);
      String key = TestRedis.uniqueName("mux-pipeline");
      Response<String> set;
      Response<Long> notANumber;
      Response<String> get;
      Response<String> missing;
      try (AbstractPipeline pipeline = client.pipelined()) {
        set = pipeline.set(key, "text");
        notANumber = pipeline.incr(key);
        get = pipeline.get(key);
        missing = pipeline.get(key + ":missing");
      }
      assertEquals("OK", set.get());
      assertThrows(JedisDataException.class, notANumber::get);
      assertEquals("text", get.get());
      assertNull(missing.get());
      client.del(key);
    }
  }
}
