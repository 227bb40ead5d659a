package io.jcacheredis.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

  @Test
  void aReleasedInstanceIsReusedAndABusyOneIsNeverSharedBetweenTwoCallers() {
    AtomicInteger created = new AtomicInteger();
    SlotPool<Object> pool = new SlotPool<>(4, () -> {
      created.incrementAndGet();
      return new Object();
    });
    Object first = pool.obtain();
    Object second = pool.obtain();
    assertNotSame(first, second);
    pool.release(first);
    assertSame(first, pool.obtain());
    assertEquals(2, created.get());
  }

  @Test
  void aFullPoolDropsWhatIsReturnedToIt() {
    AtomicInteger created = new AtomicInteger();
    SlotPool<Object> pool = new SlotPool<>(2, () -> {
      created.incrementAndGet();
      return new Object();
    });
    List<Object> taken = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      taken.add(pool.obtain());
    }
    taken.forEach(pool::release); // two are kept, three dropped
    for (int i = 0; i < 5; i++) {
      pool.obtain();
    }
    assertEquals(8, created.get());
  }

  @Test
  void concurrentCallersEachHaveTheirOwnInstance() throws Exception {
    SlotPool<AtomicBoolean> pool = new SlotPool<>(4, AtomicBoolean::new);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(threads.submit(() -> {
          int clashes = 0;
          for (int i = 0; i < 20_000; i++) {
            AtomicBoolean inUse = pool.obtain();
            if (!inUse.compareAndSet(false, true)) {
              clashes++;
            }
            inUse.set(false);
            pool.release(inUse);
          }
          return clashes;
        }));
      }
      for (Future<Integer> result : results) {
        assertEquals(0, result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
