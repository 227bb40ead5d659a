package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisClientFactory;
import io.jcacheredis.configuration.RedisConfig;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.client.RedisClients;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Connection and pool settings take effect on the test server: client name, database, pool size, idle checks and
 * eviction; and a client factory or the {@link RedisConfig} builder instead of strings.
 */
@Timeout(20)
class ConnectionOptionsTest {

  /** The test server's URL with more query parameters. */
  private static String url(String query) {
    String base = TestRedis.url();
    return base + (base.contains("?") ? "&" : "?") + query;
  }

  private static RedisSettings settings(String query) {
    return RedisSettings.resolve(URI.create(url(query)), false, new Properties(),
        ConnectionOptionsTest.class.getClassLoader());
  }

  private static String uniqueClientName() {
    return "jcr-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** CLIENT LIST lines of the connections with this name. */
  private static List<String> clients(String name, Predicate<String> also) {
    try (RedisClient admin = TestRedis.server()) {
      return ClientList.named(admin, name).stream().filter(also).collect(Collectors.toList());
    }
  }

  private static void awaitClients(String name, Predicate<String> also, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (clients(name, also).size() != count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " connections named " + name + ": " + clients(name, x -> true));
      }
      Thread.sleep(20);
    }
  }

  private static void killConnections(String name) {
    try (RedisClient admin = TestRedis.server()) {
      ClientList.kill(admin, name);
    }
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(TestRedis.uniqueName("options"),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void clientNameAndDatabaseComeFromTheUrl() {
    String name = uniqueClientName();
    String prefix = "opt-" + name;
    try (CacheManager manager = ConnectionTestServers.manager(url("client-name=" + name + "&db=3&prefix=" + prefix))) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertTrue(clients(name, line -> line.contains(" db=3 ")).size() >= 1, String.valueOf(clients(name, x -> true)));
      try (UnifiedJedis db3 = RedisClients.createDefault(settings("db=3"))) {
        assertTrue(db3.exists(prefix + ":" + cache.getName() + ":k"), "the entry is in database 3");
      }
      cache.clear();
    }
  }

  @Test
  void maxTotalBoundsThePoolAndMaxWaitBoundsTheWait() throws Exception {
    String name = uniqueClientName();
    String list = "blocked-" + name;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (UnifiedJedis client = RedisClients.createDefault(
        settings("pool.max-total=2&pool.max-wait.millis=200&client-name=" + name))) {
      Future<?> first = threads.submit(() -> client.blpop(5, list));
      Future<?> second = threads.submit(() -> client.blpop(5, list));
      awaitClients(name, line -> line.contains("cmd=blpop"), 2);
      long start = System.nanoTime();
      CacheException exhausted = assertThrows(CacheException.class, () -> client.get("any"));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(waitedMillis >= 150 && waitedMillis < 2000, "waited " + waitedMillis + " ms");
      assertTrue(exhausted.getMessage().contains(TestRedis.uri().getPort() + ""), exhausted.getMessage());
      try (RedisClient admin = TestRedis.server()) {
        admin.lpush(list, "a", "b");
      }
      first.get(5, TimeUnit.SECONDS);
      second.get(5, TimeUnit.SECONDS);
      assertEquals(2, clients(name, x -> true).size(), "never more than max-total connections");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void testOnBorrowReplacesAConnectionTheServerClosed() throws Exception {
    String tested = uniqueClientName();
    try (UnifiedJedis client = RedisClients.createDefault(
        settings("pool.test-on-borrow=true&pool.max-total=1&client-name=" + tested))) {
      client.get("any");
      killConnections(tested);
      awaitClients(tested, x -> true, 0);
      client.get("any"); // the dead connection fails its PING on borrow and is replaced
    }
    String untested = uniqueClientName();
    try (UnifiedJedis client = RedisClients.createDefault(
        settings("pool.test-on-borrow=false&pool.max-total=1&client-name=" + untested))) {
      client.get("any");
      killConnections(untested);
      awaitClients(untested, x -> true, 0);
      assertThrows(CacheException.class, () -> client.set("any", "x"), "handed out unchecked, the dead one fails a write");
      client.set("any", "x");
      killConnections(untested);
      awaitClients(untested, x -> true, 0);
      assertEquals("x", client.get("any"), "a read that finds the dead one is sent again on a fresh connection");
    }
  }

  @Test
  void theEvictorClosesIdleConnectionsAndKeepsMinIdleReady() throws Exception {
    String evicted = uniqueClientName();
    try (UnifiedJedis client = RedisClients.createDefault(settings("pool.time-between-eviction-runs.millis=50"
        + "&pool.min-evictable-idle.millis=50&pool.test-while-idle=true&client-name=" + evicted))) {
      client.get("any"); // opens a connection, idle from then on
      awaitClients(evicted, x -> true, 0);
    }
    String ready = uniqueClientName();
    try (UnifiedJedis client = RedisClients.createDefault(
        settings("pool.time-between-eviction-runs.millis=50&pool.min-idle=2&client-name=" + ready))) {
      assertNotNull(client, "the client whose pool keeps two connections ready");
      awaitClients(ready, x -> true, 2);
    }
  }

  @Test
  void aFactoryInstanceInThePropertiesCreatesTheClient() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<RedisSettings> seen = new AtomicReference<>();
    RedisClientFactory factory = settings -> {
      calls.incrementAndGet();
      seen.set(settings);
      return RedisClients.createDefault(settings);
    };
    Properties properties = RedisConfig.builder().clientFactory(factory).poolMaxTotal(3).build().toProperties();
    try (CacheManager manager = ConnectionTestServers.manager(TestRedis.url(), properties)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertEquals(1, calls.get());
      assertEquals(3, seen.get().poolMaxTotal());
      assertEquals(TestRedis.uri().getPort(), seen.get().endpoint().port());
      cache.clear();
    }
  }

  /** Named by class in {@link #aFactoryClassNameCreatesTheClient}. */
  public static final class NamedFactory implements RedisClientFactory {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public UnifiedJedis create(RedisSettings settings) {
      CREATED.incrementAndGet();
      return RedisClients.createDefault(settings);
    }
  }

  @Test
  void aFactoryClassNameCreatesTheClient() {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.CLIENT_FACTORY, NamedFactory.class.getName());
    int before = NamedFactory.CREATED.get();
    try (CacheManager manager = ConnectionTestServers.manager(TestRedis.url(), properties)) {
      cache(manager).put("k", "v");
      assertEquals(before + 1, NamedFactory.CREATED.get());
    }
  }

  @Test
  void aFailingFactoryFailsTheManagerWithItsName() {
    Properties throwing = new Properties();
    RedisClientFactory failing = settings -> {
      throw new IllegalStateException("no client today");
    };
    throwing.put(RedisSettings.CLIENT_FACTORY, failing);
    CacheException error = assertThrows(CacheException.class,
        () -> ConnectionTestServers.manager(TestRedis.url(), throwing));
    assertTrue(error.getMessage().contains("no client today"), error.getMessage());

    Properties notAFactory = new Properties();
    notAFactory.setProperty(RedisSettings.CLIENT_FACTORY, String.class.getName());
    CacheException wrongType = assertThrows(CacheException.class,
        () -> ConnectionTestServers.manager(TestRedis.url(), notAFactory));
    assertTrue(wrongType.getMessage().contains("does not implement"), wrongType.getMessage());
  }

  @Test
  void theBuilderConfiguresAManager() {
    String name = uniqueClientName();
    Properties properties = RedisConfig.builder()
        .clientName(name)
        .prefix("built-" + name)
        .database(4)
        .poolMaxTotal(3)
        .build()
        .toProperties();
    try (CacheManager manager = ConnectionTestServers.manager(TestRedis.url(), properties)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertEquals(1, clients(name, line -> line.contains(" db=4 ")).size());
      try (UnifiedJedis db4 = RedisClients.createDefault(settings("db=4"))) {
        assertTrue(db4.exists("built-" + name + ":" + cache.getName() + ":k"));
      }
      cache.clear();
    }
  }
}
