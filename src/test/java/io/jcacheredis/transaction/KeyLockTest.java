package io.jcacheredis.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcacheredis.FreezableProxy;
import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.RedisFailureException;
import io.jcacheredis.RedisTestServer;
import io.jcacheredis.WithRedis;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Callers queued on one key's {@link KeyLock} behind a holder that Redis does not answer: when the holder's call
 * fails (its read times out), every caller that was waiting fails with that same failure at once, instead of each
 * taking the lock in turn and waiting out a timeout of its own (the n-th one n timeouts). Redis stays up; a {@link
 * FreezableProxy} in front of it holds back every byte, as a hung server would.
 */
@WithRedis
@Timeout(60)
class KeyLockTest {

  private static final int TIMEOUT_MILLIS = 500;
  /** Callers on the hot key: the first holds the lock, the others queue behind it. */
  private static final int CALLERS = 12;
  /** How long the holder has, alone, to take the lock and send its read before the others queue. */
  private static final int HOLDER_HEAD_START_MILLIS = TIMEOUT_MILLIS / 5;
  /**
   * All callers together, generously for a busy machine: the holder's timeout, and as much again and a second for
   * scheduling. Callers each waiting out a timeout of their own would take {@code CALLERS * TIMEOUT_MILLIS} = 6 s,
   * and even a failure passed to one waiter only (two callers per timeout) 3 s.
   */
  private static final long BOUND_MILLIS = 2L * TIMEOUT_MILLIS + 1000;

  private static final EntryProcessor<String, String, String> APPEND = (entry, args) -> {
    entry.setValue(entry.getValue() + "+");
    return entry.getValue();
  };

  private FreezableProxy proxy;
  private CacheManager manager;
  private ThreadPoolExecutor threads;

  @BeforeEach
  void start(RedisTestServer server) throws Exception {
    proxy = FreezableProxy.start("127.0.0.1", server.port());
    threads = (ThreadPoolExecutor) Executors.newFixedThreadPool(CALLERS);
    threads.prestartAllCoreThreads();
    // Room in the pool for every caller: none waits for a connection, only for the lock.
    URI uri = URI.create("redis://127.0.0.1:" + proxy.port() + "?timeout.millis=" + TIMEOUT_MILLIS
        + "&connect-timeout.millis=" + TIMEOUT_MILLIS + "&pool.max-total=" + 2 * CALLERS
        + "&pool.max-idle=" + 2 * CALLERS);
    manager = Caching.getCachingProvider().getCacheManager(uri,
        new URLClassLoader(new URL[0], KeyLockTest.class.getClassLoader()));
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    proxy.thaw();
    manager.close();
    proxy.close();
  }

  @Test
  void invokesQueuedBehindAStalledHolderFailTogetherWithItsFailure() throws Exception {
    Cache<String, String> cache = manager.createCache("hot", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    cache.put("hot", "v");
    assertEquals("v+", cache.invoke("hot", APPEND), "works before the freeze");

    proxy.freeze(Freeze.HUNG_SERVER);
    long start = System.nanoTime();
    List<Future<String>> calls = new ArrayList<>();
    calls.add(threads.submit(() -> cache.invoke("hot", APPEND)));
    Thread.sleep(HOLDER_HEAD_START_MILLIS);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 1; i < CALLERS; i++) {
      calls.add(threads.submit(() -> {
        go.await();
        return cache.invoke("hot", APPEND);
      }));
    }
    go.countDown();

    List<RedisFailureException> failures = new ArrayList<>();
    for (Future<String> call : calls) {
      try {
        fail("an invoke succeeded while Redis did not answer: " + call.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof RedisFailureException, "failed with " + e.getCause());
        failures.add((RedisFailureException) e.getCause());
      }
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(elapsedMillis <= BOUND_MILLIS, CALLERS + " invokes queued on one key took " + elapsedMillis
        + " ms in all, more than " + BOUND_MILLIS + " ms: they waited out Redis in turn");
    RedisFailureException holders = failures.get(0);
    assertTrue(holders.getMessage().contains("127.0.0.1:" + proxy.port()), holders.getMessage());
    for (RedisFailureException failure : failures) {
      assertEquals(holders.getMessage(), failure.getMessage(), "the holder's failure");
      assertSame(holders.getCause(), failure.getCause(), "the holder's failure, not one of its own");
    }

    proxy.thaw();
    assertEquals("v++", cache.invoke("hot", APPEND), "works after the thaw; no queued invoke was applied");
  }
}
