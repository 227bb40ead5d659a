package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiPredicate;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/** Conditional operations are atomic across JVMs: two managers with their own pools, 8 threads each. */
@AlsoOnCluster
@Timeout(120)
class ConcurrencyTest {

  private static final int THREADS_PER_MANAGER = 8;

  private CacheManager first;
  private CacheManager second;
  private String name;
  private Cache<String, String> a;
  private Cache<String, String> b;
  private ExecutorService threads;

  @BeforeEach
  void open() {
    first = TestRedis.defaultManager();
    second = TestRedis.separateManager();
    name = TestRedis.uniqueName("race");
    MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    a = first.createCache(name, config);
    b = second.createCache(name, config);
    threads = Executors.newFixedThreadPool(2 * THREADS_PER_MANAGER);
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    first.destroyCache(name);
    second.close();
  }

  /** Starts all racers at once; returns how many won. */
  private int race(BiPredicate<Cache<String, String>, Integer> attempt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < 2 * THREADS_PER_MANAGER; t++) {
      Cache<String, String> cache = t % 2 == 0 ? a : b;
      int racer = t;
      results.add(threads.submit(() -> {
        start.await();
        return attempt.test(cache, racer);
      }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> result : results) {
      winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    return winners;
  }

  @Test
  void putIfAbsentHasExactlyOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      String key = "k" + round;
      assertEquals(1, race((cache, racer) -> cache.putIfAbsent(key, "racer-" + racer)), "round " + round);
    }
  }

  @Test
  void replaceOfTheSameOldValueHasExactlyOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      String key = "k" + round;
      a.put(key, "old");
      assertEquals(1, race((cache, racer) -> cache.replace(key, "old", "racer-" + racer)), "round " + round);
    }
  }

  @Test
  void removeOfTheSameValueHasExactlyOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      String key = "k" + round;
      a.put(key, "v");
      assertEquals(1, race((cache, racer) -> cache.remove(key, "v")), "round " + round);
    }
  }

  @Test
  void getAndPutHandsEachPreviousValueToExactlyOneCaller() throws Exception {
    Set<String> seenPrevious = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean duplicate = new AtomicBoolean();
    a.put("k", "initial");
    race((cache, racer) -> {
      String previous = cache.getAndPut("k", "racer-" + racer);
      if (!seenPrevious.add(previous)) {
        duplicate.set(true);
      }
      return true;
    });
    assertTrue(!duplicate.get(), "a value was replaced twice: " + seenPrevious);
    assertEquals(2 * THREADS_PER_MANAGER, seenPrevious.size(), "every put saw a distinct previous value");
  }

  @Test
  void invokeAllStaysConsistentWhileAnotherManagerWritesTheSameKeys() throws Exception {
    int keyCount = 1_000;
    Map<String, String> initial = new HashMap<>();
    for (int i = 0; i < keyCount; i++) {
      initial.put("k" + i, "0");
    }
    a.putAll(initial);
    AtomicIntegerArray writerIncrements = new AtomicIntegerArray(keyCount);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch writerRunning = new CountDownLatch(1);
    Future<?> writer = threads.submit(() -> {
      while (writing.get()) {
        for (int i = 0; i < keyCount && writing.get(); i += 7) {
          b.invoke("k" + i, (entry, args) -> {
            entry.setValue(Integer.toString(Integer.parseInt(entry.getValue()) + 1));
            return null;
          });
          writerIncrements.incrementAndGet(i);
          writerRunning.countDown();
        }
      }
      return null;
    });
    assertTrue(writerRunning.await(30, TimeUnit.SECONDS), "the other manager started writing");
    // Rounds of invokeAll (each adds one to every key and returns what it wrote) until the writer has been seen
    // writing during them.
    int rounds = 0;
    long writesDuringInvokeAll = 0;
    while (rounds < 3 || (writesDuringInvokeAll == 0 && rounds < 50)) {
      long before = total(writerIncrements);
      int round = ++rounds;
      Map<String, EntryProcessorResult<Integer>> results = a.invokeAll(new HashSet<>(initial.keySet()),
          (entry, args) -> {
            int next = Integer.parseInt(entry.getValue()) + 1;
            entry.setValue(Integer.toString(next));
            return next;
          });
      writesDuringInvokeAll += total(writerIncrements) - before;
      assertEquals(keyCount, results.size());
      for (EntryProcessorResult<Integer> result : results.values()) {
        assertTrue(result.get() >= round, "a processor of round " + round + " wrote " + result.get());
      }
    }
    writing.set(false);
    writer.get(60, TimeUnit.SECONDS);
    assertTrue(writesDuringInvokeAll > 0, "the other manager wrote while invokeAll ran");
    // No increment of either manager was lost.
    for (int i = 0; i < keyCount; i++) {
      assertEquals(Integer.toString(rounds + writerIncrements.get(i)), a.get("k" + i), "k" + i);
    }
  }

  private static long total(AtomicIntegerArray counts) {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  @Test
  void aPutThatReturnedIsInRedisForAnyOtherClient() {
    a.put("durable", "yes");
    try (UnifiedJedis raw = TestRedis.raw()) {
      // A String value is stored as a zero byte and its UTF-8 text (docs/semantics.md, "What is stored in Redis").
      assertArrayEquals(new byte[] {0, 'y', 'e', 's'},
          raw.get(("jcache:" + name + ":durable").getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals("yes", b.get("durable"));
  }
}
