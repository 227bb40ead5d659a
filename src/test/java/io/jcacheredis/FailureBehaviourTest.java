package io.jcacheredis;

import static io.jcacheredis.OutageTesting.TIMEOUT_MILLIS;
import static io.jcacheredis.OutageTesting.awaitWorking;
import static io.jcacheredis.OutageTesting.millisSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.FailureOptions;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis stopped and restarted under a cache: with ignoreExceptions nothing throws and reads miss; without it every
 * call fails fast with a RedisFailureException; after the restart both work again with no restart of the manager.
 * Uses a Redis of its own, so stopping it disturbs no other test.
 */
@WithRedis
@Timeout(120)
class FailureBehaviourTest {

  private RedisTestServer server;
  private CacheManager manager;

  @BeforeEach
  void start(RedisTestServer server) {
    this.server = server;
  }

  @AfterEach
  void stop() throws Exception {
    if (manager != null) {
      manager.close();
    }
  }

  private CacheManager manager(Properties properties) {
    manager = OutageTesting.manager(server.port(), properties);
    return manager;
  }

  @Test
  void ignoringCacheServesMissesWhileRedisIsDownAndRecovers() throws Exception {
    Cache<String, String> cache = manager(new Properties()).createCache("ignoring",
        new RedisCacheConfiguration<String, String>().setIgnoreExceptions(true));
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));

    server.stop();
    long start = System.nanoTime();
    assertNull(cache.get("k"));
    cache.put("k", "dropped");
    assertFalse(cache.putIfAbsent("x", "y"));
    assertFalse(cache.containsKey("k"));
    assertTrue(cache.getAll(Set.of("k")).isEmpty());
    assertFalse(cache.iterator().hasNext());
    AtomicInteger computed = new AtomicInteger();
    assertEquals("computed", cache.invoke("k", (entry, args) -> {
      computed.incrementAndGet();
      entry.setValue("computed");
      return entry.getValue();
    }), "an entry processor still computes its result, as Spring's sync=true caching needs");
    assertEquals(1, computed.get());
    assertThrows(NullPointerException.class, () -> cache.get(null), "bad arguments still throw");
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
    assertNull(redis.get("k").toCompletableFuture().get());
    assertEquals(java.time.Duration.ZERO, redis.ttl("k").toCompletableFuture().get());
    assertFalse(redis.set("k", "v", SetOptions.always().ifAbsent()).toCompletableFuture().get());
    assertTrue(millisSince(start) < 8 * (TIMEOUT_MILLIS + 1000L), "each call bounded by the timeout");

    server.start();
    long restarted = System.nanoTime();
    awaitWorking(cache);
    assertTrue(millisSince(restarted) < 1000, "working again " + millisSince(restarted) + " ms after restart");
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void managerWideSwitchMakesEveryCacheIgnoreFailures() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(FailureOptions.IGNORE_EXCEPTIONS, "true");
    properties.setProperty(FailureOptions.LOG_IGNORED_EXCEPTIONS, "true");
    properties.setProperty(FailureOptions.LOGGER, "test.ignored");
    Cache<String, String> cache = manager(properties).createCache("all", new MutableConfiguration<>());
    server.stop();
    String log = TestLogs.capturingStandardError(() -> {
      assertNull(cache.get("k"));
      cache.putAll(Map.of("a", "b"));
      cache.clear();
    });
    assertTrue(log.contains("WARN test.ignored - Cache all: get ignored a Redis failure: Cannot reach Redis at"),
        log);
    assertTrue(log.contains("putAll ignored") && log.contains("clear ignored"), log);
  }


  @Test
  void aRedisRestartedEmptyGetsTheCacheConfigurationBack() throws Exception {
    URI uri = URI.create(server.url() + "?config-refresh.millis=100");
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("survivor", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    cache.put("k", "v");
    server.stop();
    server.start();
    awaitWorking(cache);
    CacheManager another = Caching.getCachingProvider().getCacheManager(uri,
        new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader()));
    try {
      Cache<String, String> found = null;
      for (int i = 0; i < 100 && found == null; i++) {
        found = another.getCache("survivor", String.class, String.class);
        Thread.sleep(20);
      }
      assertNotNull(found, "the configuration is back in Redis within 2 s (config-refresh.millis=100)");
      assertEquals("v2", found.get("k"), "another JVM finds the cache again");
    } finally {
      another.close();
    }
  }

  @Test
  void theSwitchCanBeGivenInTheUrlQuery() throws Exception {
    manager = Caching.getCachingProvider().getCacheManager(URI.create(server.url()
        + "?ignore-exceptions=true&timeout.millis=" + TIMEOUT_MILLIS), getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("query", new MutableConfiguration<>());
    server.stop();
    assertNull(cache.get("k"));
  }

  @Test
  void withoutIgnoringEveryCallFailsFastNamingTheServerAndRecoversAfterRestart() throws Exception {
    Cache<String, String> cache = manager(new Properties()).createCache("strict", new MutableConfiguration<>());
    cache.put("k", "v");
    server.stop();
    for (Runnable call : new Runnable[] {() -> cache.get("k"), () -> cache.put("k", "v"),
        () -> cache.invoke("k", (entry, args) -> null), () -> cache.iterator().hasNext()}) {
      long start = System.nanoTime();
      RedisFailureException error = assertThrows(RedisFailureException.class, call::run);
      assertTrue(millisSince(start) < TIMEOUT_MILLIS + 1000L, "failed after " + millisSince(start) + " ms");
      assertTrue(error.getMessage().contains(server.address()), error.getMessage());
    }
    server.start();
    long restarted = System.nanoTime();
    RuntimeException last = null;
    while (millisSince(restarted) < 1000) {
      try {
        cache.put("k", "back");
        last = null;
        break;
      } catch (RedisFailureException e) {
        last = e;
        Thread.sleep(10);
      }
    }
    assertNull(last, "still failing 1 s after the restart");
    assertEquals("back", cache.get("k"));
  }
  /**
   * A restart closes every pooled connection: the idle connections go with the first one a call finds closed, so
   * no other call fails on one (before, each idle connection failed one call), and that call, a read, is sent again.
   */
  @Test
  void afterARestartNoReadFailsAndAtMostOneWrite() throws Exception {
    Cache<String, String> cache = stringCache("restarted", "jcache.redis.client-name", "restarted-pool");

    int idle = fillPool(cache);
    server.stop();
    server.start();
    assertNull(cache.get("k"), "a read finding a closed connection is sent again (the restarted Redis is empty)");
    for (int call = 0; call < 2 * idle; call++) {
      assertNull(cache.get("absent" + call), "no read fails on another closed connection");
    }

    idle = fillPool(cache);
    server.stop();
    server.start();
    int failed = 0;
    for (int call = 0; call < 2 * idle; call++) {
      try {
        cache.put("k", "v" + call);
        assertEquals("v" + call, cache.get("k"));
      } catch (RedisFailureException e) {
        failed++;
      }
    }
    assertTrue(failed <= 1, failed + " puts failed after the restart, with " + idle + " connections in the pool");
  }

  /** In the multiplexed mode too, a read that finds its shared connection closed by a restart is sent again. */
  @Test
  void afterARestartAReadOnTheMultiplexedConnectionIsSentAgain() throws Exception {
    Cache<String, String> cache = stringCache("restarted-mux", "jcache.redis.connection-mode", "multiplexed");
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    server.stop();
    server.start();
    assertNull(cache.get("k"), "sent again on the replaced connection (the restarted Redis is empty)");
    cache.put("k", "back");
    assertEquals("back", cache.get("k"));
  }

  /** A String cache of a manager with one setting besides the short timeouts. */
  private Cache<String, String> stringCache(String name, String setting, String value) {
    Properties properties = new Properties();
    properties.setProperty(setting, value);
    return manager(properties).createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** Calls from 8 threads at once until the pool holds several connections; returns how many the server lists. */
  private int fillPool(Cache<String, String> cache) throws Exception {
    cache.put("k", "v");
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(callers.submit(() -> {
          for (int call = 0; call < 300; call++) {
            assertEquals("v", cache.get("k"));
          }
        }));
      }
      for (java.util.concurrent.Future<?> run : runs) {
        run.get();
      }
    } finally {
      callers.shutdown();
    }
    int idle = ClientList.named(server.raw(), "restarted-pool").size();
    assertTrue(idle >= 3, "the pool holds several connections before the restart: " + idle);
    return idle;
  }
}
