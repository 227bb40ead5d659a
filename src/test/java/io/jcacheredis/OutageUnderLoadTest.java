package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import io.jcacheredis.client.ServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis stopped for a second while 8 threads run a mix of get, put and invoke, then started again; and a slow Redis
 * (DEBUG SLEEP). Bounded: every call ends within the timeout plus one second, and the pool ends with no connection
 * leaked.
 */
@WithRedis
@SuppressWarnings("deprecation") // raw commands (DEBUG, ACL, CLIENT, CONFIG) through sendCommand(command, String...)
@Timeout(120)
class OutageUnderLoadTest {

  private static final int TIMEOUT_MILLIS = OutageTesting.TIMEOUT_MILLIS;
  private static final int THREADS = 8;

  private RedisTestServer server;
  private CacheManager manager;
  private ExecutorService threads;

  @BeforeEach
  void start(RedisTestServer server) {
    this.server = server;
    threads = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    if (manager != null) {
      manager.close();
    }
  }

  private Cache<String, String> cache(boolean ignore) {
    Properties properties = new Properties();
    properties.setProperty("jcache.redis.ignore-exceptions", Boolean.toString(ignore));
    manager = OutageTesting.manager(server.port(), properties);
    return manager.createCache("load", new MutableConfiguration<>());
  }

  /** Runs the mix on 8 threads until stopped; returns the longest call in ms, collecting exceptions thrown. */
  private List<Future<Long>> runMix(Cache<String, String> cache, AtomicBoolean running,
      ConcurrentLinkedQueue<Throwable> thrown) {
    List<Future<Long>> longest = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      longest.add(threads.submit(() -> {
        long worst = 0;
        for (int i = 0; running.get(); i++) {
          String key = "k" + ((thread * 31 + i) % 50);
          long start = System.nanoTime();
          try {
            switch (i % 3) {
              case 0 -> cache.get(key);
              case 1 -> cache.put(key, "v" + i);
              default -> cache.invoke(key, (entry, args) -> {
                entry.setValue("x");
                return null;
              });
            }
          } catch (RuntimeException e) {
            thrown.add(e);
          }
          worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
        }
        return worst;
      }));
    }
    return longest;
  }

  private long outage(Cache<String, String> cache, ConcurrentLinkedQueue<Throwable> thrown) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<Long>> longest = runMix(cache, running, thrown);
    Thread.sleep(300);
    server.stop();
    Thread.sleep(1000);
    server.start();
    long restarted = System.nanoTime();
    AtomicLong recoveredAfter = new AtomicLong(-1);
    while ((System.nanoTime() - restarted) < 5_000_000_000L) {
      try {
        cache.put("probe", "p");
        if ("p".equals(cache.get("probe"))) {
          recoveredAfter.set((System.nanoTime() - restarted) / 1_000_000);
          break;
        }
      } catch (CacheException notYet) {
        Thread.sleep(10);
      }
    }
    Thread.sleep(300);
    running.set(false);
    long worst = 0;
    for (Future<Long> future : longest) {
      worst = Math.max(worst, future.get(30, TimeUnit.SECONDS));
    }
    assertTrue(recoveredAfter.get() >= 0 && recoveredAfter.get() < 1000,
        "working again " + recoveredAfter.get() + " ms after the restart");
    assertTrue(worst <= TIMEOUT_MILLIS + 1000, "longest call " + worst + " ms");
    ServerClient client = (ServerClient) manager.unwrap(UnifiedJedis.class);
    assertEquals(0, client.pool().getNumActive(), "no connection leaked");
    return worst;
  }

  @Test
  void ignoringCachesThrowNothingDuringAnOutageAndRecover() throws Exception {
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    outage(cache(true), thrown);
    assertTrue(thrown.isEmpty(), "thrown: " + thrown.peek());
  }

  @Test
  void strictCachesFailEachCallFastDuringAnOutageAndRecover() throws Exception {
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    outage(cache(false), thrown);
    assertTrue(!thrown.isEmpty(), "calls during the outage failed");
    for (Throwable error : thrown) {
      assertTrue(error instanceof RedisFailureException
          || error.getCause() instanceof RedisFailureException, "unexpected " + error);
    }
  }

  @Test
  void aSlowRedisHitsTheSocketTimeoutWhileOtherManagersCarryOn() throws Exception {
    Cache<String, String> slow = cache(false);
    slow.put("k", "v");
    CacheManager other = TestRedis.defaultManager();
    String otherName = TestRedis.uniqueName("unaffected");
    Cache<String, String> unaffected = other.createCache(otherName, new MutableConfiguration<>());
    try (RedisClient raw = server.raw()) {
      Future<?> sleeping = threads.submit(() -> raw.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "1.5"));
      Thread.sleep(100);
      long start = System.nanoTime();
      RedisFailureException timedOut = assertThrows(RedisFailureException.class, () -> slow.get("k"),
          "a read that outlasts the socket timeout fails");
      assertTrue(String.valueOf(timedOut.getMessage()).contains(server.address()), timedOut.getMessage());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= TIMEOUT_MILLIS - 100 && millis < TIMEOUT_MILLIS + 1000, "slow call took " + millis);
      long other0 = System.nanoTime();
      unaffected.put("k", "v");
      assertEquals("v", unaffected.get("k"));
      assertTrue((System.nanoTime() - other0) / 1_000_000 < 200, "the other manager is not held up");
      sleeping.get(10, TimeUnit.SECONDS);
    } finally {
      other.destroyCache(otherName);
    }
  }
}
