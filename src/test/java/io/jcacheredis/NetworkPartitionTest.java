package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.client.ServerClient;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * A network partition, or a hung server, under load: Redis stays up, but a {@link FreezableProxy} between it and the
 * cache stops passing bytes (and, in a partition, answering connection attempts), so calls hang until the socket,
 * connect or pool timeout runs out instead of being refused at once (as when Redis is stopped, see {@link
 * OutageUnderLoadTest}). 8 threads share a pool of 4 connections, so callers also wait for the pool.
 */
@Timeout(60)
class NetworkPartitionTest {

  private static final int TIMEOUT_MILLIS = 1000;
  private static final int CONNECT_TIMEOUT_MILLIS = 250;
  private static final int MAX_WAIT_MILLIS = 250;
  /**
   * The longest a call may take (docs/failure-behaviour.md): wait for the pool in vain, open a connection, and get
   * no answer. Less than "timeout + 1 s" with these settings.
   */
  private static final int BOUND_MILLIS = MAX_WAIT_MILLIS + CONNECT_TIMEOUT_MILLIS + TIMEOUT_MILLIS;
  /** Thread scheduling on a busy 2-core machine, on top of the bound. */
  private static final int SCHEDULING_MILLIS = 250;
  private static final int FROZEN_MILLIS = 3 * TIMEOUT_MILLIS;
  private static final int POOL = 4;
  private static final int THREADS = 8;
  private static final int KEYS = 50;

  /** get, put and invoke in turn, on 50 keys: threads sometimes meet on a key. */
  private static final Workload MIX = (thread, i) -> new Step(List.of("get", "put", "invoke").get(i % 3),
      "k" + ((thread * 31 + i) % KEYS));
  /** Every thread invokes on one key: in this JVM they queue for it (see TransactionRunner). */
  private static final Workload HOT_KEY_INVOKES = (thread, i) -> new Step("invoke", "k0");

  private static RedisServer server;
  private static int serverPort;

  private FreezableProxy proxy;
  private CacheManager manager;
  private ExecutorService threads;

  /** What a thread does on its i-th call. */
  private interface Workload {
    Step step(int thread, int i);
  }

  private record Step(String op, String key) {
  }

  /** One cache call: which, when it ran, and what it gave. */
  private record Call(String op, long start, long end, Object result, RuntimeException error) {
    long millis() {
      return (end - start) / 1_000_000;
    }
  }

  /** The calls of one run, and when the proxy froze and thawed ({@link System#nanoTime()}). */
  private record Run(List<Call> calls, long frozenAt, long thawedAt) {
    /** The calls that started after the freeze and ended before the thaw: Redis could not answer them. */
    List<Call> frozen() {
      return calls.stream().filter(call -> call.start() >= frozenAt && call.end() < thawedAt).toList();
    }
  }

  @BeforeAll
  static void startRedis() throws Exception {
    serverPort = TestRedis.freePort();
    server = TestRedis.startServer(serverPort);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.stop();
  }

  @BeforeEach
  void start() throws Exception {
    proxy = FreezableProxy.start("127.0.0.1", serverPort);
    threads = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    proxy.thaw();
    if (manager != null) {
      manager.close();
    }
    proxy.close();
  }

  private Cache<String, String> cache(boolean ignore) {
    Properties properties = new Properties();
    properties.setProperty("jcache.redis.ignore-exceptions", Boolean.toString(ignore));
    URI uri = URI.create("redis://127.0.0.1:" + proxy.port() + "?timeout.millis=" + TIMEOUT_MILLIS
        + "&connect-timeout.millis=" + CONNECT_TIMEOUT_MILLIS + "&pool.max-wait.millis=" + MAX_WAIT_MILLIS
        + "&pool.max-total=" + POOL + "&pool.max-idle=" + POOL);
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader(), properties);
    Cache<String, String> cache = manager.createCache("partition", new MutableConfiguration<>());
    for (int k = 0; k < KEYS; k++) {
      cache.put("k" + k, "v");
    }
    return cache;
  }

  @ParameterizedTest
  @EnumSource(Freeze.class)
  void strictCachesFailEveryCallWithinTheBoundAndRecover(Freeze how) throws Exception {
    Run run = partition(cache(false), MIX, how);
    List<Call> frozen = run.frozen();
    for (Call call : frozen) {
      assertTrue(call.error() instanceof RedisFailureException, call + " failed with a RedisFailureException");
      assertTrue(call.error().getMessage().contains("127.0.0.1:" + proxy.port()), call.error().getMessage());
    }
    for (Call call : run.calls()) {
      assertTrue(call.error() == null || call.error() instanceof RedisFailureException, "unexpected " + call);
    }
    assertTrue(failedWith(run, NoSuchElementException.class, ""), "a call waited for the pool in vain (max-wait)");
    if (how == Freeze.PARTITION) {
      assertTrue(failedWith(run, SocketTimeoutException.class, "Connect timed out"), "a connect timed out");
    }
    assertTrue(failedWith(run, SocketTimeoutException.class, "Read timed out"), "a read timed out");
  }

  @ParameterizedTest
  @EnumSource(Freeze.class)
  void ignoringCachesMissWithinTheBoundAndRecover(Freeze how) throws Exception {
    Run run = partition(cache(true), MIX, how);
    for (Call call : run.calls()) {
      assertNull(call.error(), "nothing reaches the caller");
    }
    List<Call> frozenReads = run.frozen().stream().filter(call -> call.op().equals("get")).toList();
    assertFalse(frozenReads.isEmpty(), "reads while frozen");
    for (Call call : frozenReads) {
      assertNull(call.result(), "a read while Redis does not answer is a miss");
    }
  }

  @Test
  void invokesQueuedOnOneKeyFailWithTheCallAheadInsteadOfWaitingTheirTurn() throws Exception {
    Run run = partition(cache(false), HOT_KEY_INVOKES, Freeze.PARTITION);
    for (Call call : run.frozen()) {
      assertTrue(call.error() instanceof RedisFailureException, call + " failed with a RedisFailureException");
      assertTrue(call.error().getMessage().contains("127.0.0.1:" + proxy.port()), call.error().getMessage());
    }
  }

  /**
   * Runs the workload on 8 threads, freezes the proxy for 3 s, thaws it, and checks what every case must show: no call took
   * longer than the bound, Redis could not answer many calls while frozen, the cache works again within 1 s of the
   * thaw, and the pool leaked nothing.
   */
  private Run partition(Cache<String, String> cache, Workload workload, Freeze how) throws Exception {
    ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<?>> workers = run(cache, workload, running, calls);
    Thread.sleep(300);
    long frozenAt = System.nanoTime();
    proxy.freeze(how);
    Thread.sleep(FROZEN_MILLIS - (System.nanoTime() - frozenAt) / 1_000_000);
    long thawedAt = System.nanoTime();
    proxy.thaw();
    long recovered = -1;
    while (recovered < 0 && (System.nanoTime() - thawedAt) < 5_000_000_000L) {
      try {
        cache.put("probe", "p");
        if ("p".equals(cache.get("probe"))) {
          recovered = (System.nanoTime() - thawedAt) / 1_000_000;
        }
      } catch (CacheException notYet) {
        Thread.sleep(10);
      }
    }
    Thread.sleep(300);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(30, TimeUnit.SECONDS);
    }
    Run run = new Run(List.copyOf(calls), frozenAt, thawedAt);

    assertTrue(recovered >= 0 && recovered < 1000, "working again " + recovered + " ms after the thaw");
    Call longest = run.calls().stream().max((a, b) -> Long.compare(a.millis(), b.millis())).orElseThrow();
    assertTrue(longest.millis() <= BOUND_MILLIS + SCHEDULING_MILLIS, "longest call: " + longest.millis() + " ms, "
        + longest);
    assertTrue(run.frozen().size() >= 2 * THREADS, "calls Redis could not answer: " + run.frozen().size());
    assertTrue(run.calls().stream().anyMatch(call -> call.end() > thawedAt && call.error() == null),
        "calls succeeded after the thaw");
    assertNoConnectionLeaked();
    return run;
  }

  private List<Future<?>> run(Cache<String, String> cache, Workload workload, AtomicBoolean running,
      ConcurrentLinkedQueue<Call> calls) {
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(threads.submit(() -> {
        for (int i = 0; running.get(); i++) {
          Step step = workload.step(thread, i);
          String key = step.key();
          String op = step.op();
          long start = System.nanoTime();
          Object result = null;
          RuntimeException error = null;
          try {
            switch (op) {
              case "get" -> result = cache.get(key);
              case "put" -> cache.put(key, "v");
              default -> result = cache.invoke(key, (entry, args) -> {
                entry.setValue("v");
                return "invoked";
              });
            }
          } catch (RuntimeException e) {
            error = e;
          }
          calls.add(new Call(op, start, System.nanoTime(), result, error));
        }
        return null;
      }));
    }
    return workers;
  }

  /**
   * Every connection the pool opened is idle or destroyed, none is still lent out, and every loan ended: given back,
   * or (broken) destroyed, which commons-pool counts as destroyed rather than returned.
   */
  private void assertNoConnectionLeaked() throws InterruptedException {
    GenericObjectPool<?> pool = ((ServerClient) manager.unwrap(UnifiedJedis.class)).pool();
    for (int i = 0; i < 200 && pool.getNumActive() > 0; i++) {
      Thread.sleep(10); // broken connections are given back on a background thread
    }
    String counters = "borrowed " + pool.getBorrowedCount() + ", returned " + pool.getReturnedCount()
        + ", created " + pool.getCreatedCount() + ", destroyed " + pool.getDestroyedCount() + ", idle "
        + pool.getNumIdle() + ", active " + pool.getNumActive();
    long destroyedWhileLent = pool.getDestroyedCount() - pool.getDestroyedByEvictorCount()
        - pool.getDestroyedByBorrowValidationCount();
    assertEquals(0, pool.getNumActive(), counters);
    assertEquals(pool.getCreatedCount() - pool.getDestroyedCount(), pool.getNumIdle(), counters);
    assertTrue(pool.getNumIdle() <= POOL, counters);
    assertTrue(destroyedWhileLent > 0, "the partition broke connections: " + counters);
    assertEquals(pool.getBorrowedCount(), pool.getReturnedCount() + destroyedWhileLent, counters);
  }

  /** Whether a call failed because of a {@code type} whose message holds {@code text} (cause or suppressed). */
  private static boolean failedWith(Run run, Class<? extends Throwable> type, String text) {
    return run.calls().stream().anyMatch(call -> causedBy(call.error(), type, text));
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type, String text) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      List<Throwable> candidates = new ArrayList<>(List.of(t.getSuppressed()));
      candidates.add(t);
      for (Throwable candidate : candidates) {
        if (type.isInstance(candidate) && String.valueOf(candidate.getMessage()).contains(text)) {
          return true;
        }
      }
    }
    return false;
  }
}
