package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entry processors run in the calling JVM and commit atomically across JVMs (here: managers with own pools). */
@AlsoOnCluster
class AtomicInvokeTest {

  private static final EntryProcessor<String, Long, Void> INCREMENT = (entry, args) -> {
    entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
    return null;
  };

  private CacheManager first;
  private CacheManager second;
  private String name;
  private ExecutorService threads;

  @BeforeEach
  void open() {
    first = TestRedis.defaultManager();
    second = TestRedis.separateManager();
    name = TestRedis.uniqueName("atomic");
    threads = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    first.destroyCache(name);
    second.close();
  }

  private static MutableConfiguration<String, Long> configuration() {
    return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
  }

  @Test
  void incrementsFromTwoManagersAndSixteenThreadsAreNeverLost() throws Exception {
    Cache<String, Long> a = first.createCache(name, configuration());
    Cache<String, Long> b = second.createCache(name, configuration());
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Cache<String, Long> cache = t % 2 == 0 ? a : b;
      done.add(threads.submit(() -> {
        for (int i = 0; i < 500; i++) {
          cache.invoke("counter", INCREMENT);
        }
      }));
    }
    for (Future<?> future : done) {
      future.get(120, TimeUnit.SECONDS);
    }
    assertEquals(8000L, a.get("counter"));
  }

  @Test
  void concurrentCallersInOneJvmRunTheComputationOnce() throws Exception {
    // What Spring's @Cacheable(sync = true) does: invoke, compute only when absent.
    Cache<String, Long> cache = first.createCache(name, configuration());
    AtomicInteger computations = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    EntryProcessor<String, Long, Long> computeIfAbsent = (entry, args) -> {
      if (!entry.exists()) {
        computations.incrementAndGet();
        entry.setValue(99L);
      }
      return entry.getValue();
    };
    List<Future<Long>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Callable<Long> caller = () -> {
        start.await();
        return cache.invoke("expensive", computeIfAbsent);
      };
      results.add(threads.submit(caller));
    }
    start.countDown();
    for (Future<Long> result : results) {
      assertEquals(99L, result.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, computations.get());
  }

  @Test
  void aProcessorThatThrowsChangesNothing() {
    Cache<String, Long> cache = first.createCache(name, configuration());
    cache.put("kept", 1L);
    EntryProcessor<String, Long, Void> failing = (entry, args) -> {
      entry.setValue(2L);
      throw new IllegalStateException("boom");
    };
    EntryProcessorException error = assertThrows(EntryProcessorException.class,
        () -> cache.invoke("kept", failing));
    assertEquals("boom", error.getCause().getMessage());
    assertEquals(1L, cache.get("kept"));
    assertThrows(EntryProcessorException.class, () -> cache.invoke("absent", failing));
    assertFalse(cache.containsKey("absent"));
  }
}
