package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A caller that gets no connection within {@code pool.max-wait.millis} is told why, in the provider's words: the
 * server not answering (no connection came back during the wait), or every connection busy with the calls queued
 * ahead (the pool too small for the load), with the pool's counters and the settings to change. Runs on an embedded
 * Redis of its own, slowed with DEBUG SLEEP.
 */
@WithRedis
@SuppressWarnings("deprecation") // raw commands (DEBUG, ACL, CLIENT, CONFIG) through sendCommand(command, String...)
@Timeout(60)
class PoolWaitTest {

  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

  private RedisTestServer server;
  private CacheManager manager;
  private ExecutorService threads;

  @BeforeEach
  void start(RedisTestServer server) {
    this.server = server;
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    if (manager != null) {
      manager.close();
    }
  }

  private Cache<String, String> cache(String query) {
    manager = Caching.getCachingProvider().getCacheManager(URI.create(server.url() + "?" + query),
        getClass().getClassLoader());
    return manager.createCache("wait", new MutableConfiguration<>());
  }

  @Test
  void aServerThatDoesNotAnswerIsNamedAsSuch() throws Exception {
    Cache<String, String> cache = cache("pool.max-total=1&pool.max-wait.millis=200&timeout.millis=3000");
    cache.put("k", "v");
    try (RedisClient raw = server.raw()) {
      Future<?> sleeping = threads.submit(() -> raw.sendCommand(DEBUG, "SLEEP", "1.5"));
      Thread.sleep(100);
      Future<String> holder = threads.submit(() -> cache.get("k")); // takes the only connection, waits for Redis
      Thread.sleep(100);
      long start = System.nanoTime();
      RedisFailureException failure = assertThrows(RedisFailureException.class, () -> cache.get("k"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 150 && millis < 1000, "failed after the max wait, not the socket timeout: " + millis);
      String message = failure.getMessage();
      assertTrue(message.contains(server.address()) && message.contains("not answering"), message);
      assertTrue(message.contains("1 in use, 0 idle") && message.contains("jcache.redis.timeout.millis"), message);
      assertEquals("v", holder.get(10, TimeUnit.SECONDS), "the call that held the connection succeeds");
      sleeping.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPoolTooSmallForTheLoadIsNamedAsSuch() throws Exception {
    cache("pool.max-total=1&pool.max-wait.millis=100&timeout.millis=3000");
    UnifiedJedis client = manager.unwrap(UnifiedJedis.class);
    ConcurrentLinkedQueue<RedisFailureException> failures = new ConcurrentLinkedQueue<>();
    List<Future<?>> callers = new ArrayList<>();
    for (int i = 0; i < 30; i++) { // each holds the only connection for 20 ms: 600 ms of work queued at once
      callers.add(threads.submit(() -> {
        try {
          client.sendCommand(DEBUG, "SLEEP", "0.02");
        } catch (RedisFailureException e) {
          failures.add(e);
        }
      }));
    }
    for (Future<?> caller : callers) {
      caller.get(10, TimeUnit.SECONDS);
    }
    assertFalse(failures.isEmpty(), "callers queued for longer than the max wait fail");
    assertTrue(failures.size() < callers.size(), "callers near the front get the connection: " + failures.size());
    for (RedisFailureException failure : failures) {
      String message = failure.getMessage();
      assertTrue(message.contains("stayed busy") && message.contains("too small"), message);
      assertTrue(message.contains("jcache.redis.pool.max-total (now 1)") && message.contains("callers waiting"),
          message);
    }
  }
}
