package io.jcacheredis.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.integration.EmbeddedRedis;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Spring's caching annotations on Spring Boot's JCache cache manager. */
class SpringCachingTest extends SpringCacheTestBase {

  @Test
  void cacheableRunsOnceForTwoCalls() {
    String isbn = newIsbn();
    Book first = books.find(isbn);
    Book second = books.find(isbn);

    assertEquals(1, books.calls().of("find"));
    assertEquals(Book.of(isbn), second);
    assertNotSame(first, second, "read back from Redis, not held in memory");
    assertInstanceOf(javax.cache.Cache.class, cacheManager.getCache("books").getNativeCache());
    try (UnifiedJedis raw = EmbeddedRedis.raw()) {
      assertTrue(raw.exists(EmbeddedRedis.redisKey("books", isbn)), "a String key is readable in Redis");
    }
  }

  @Test
  void syncCacheableRunsOnceForEightConcurrentCallers() throws Exception {
    String isbn = newIsbn();
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Book>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return books.findSlowly(isbn);
        }));
      }
      start.countDown();
      for (Future<Book> result : results) {
        assertEquals(Book.of(isbn), result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, books.calls().of("findSlowly"));
  }

  @Test
  void cacheEvictMakesTheNextCallRun() {
    String isbn = newIsbn();
    books.find(isbn);
    books.evict(isbn);
    books.find(isbn);

    assertEquals(2, books.calls().of("find"));
  }

  @Test
  void cachePutReplacesTheCachedValue() {
    String isbn = newIsbn();
    books.find(isbn);
    Book revised = new Book(isbn, "Revised", List.of("Someone Else"), Book.of(isbn).published().plusYears(1));
    books.save(revised);

    assertEquals(revised, books.find(isbn));
    assertEquals(1, books.calls().of("find"));
    assertEquals(1, books.calls().of("save"));
  }

  @Test
  void nullIsCached() {
    String isbn = newIsbn();
    assertNull(books.findMissing(isbn));
    assertNull(books.findMissing(isbn));

    assertEquals(1, books.calls().of("findMissing"));
  }

  @Test
  void compositeKeysOfTwoParameters() {
    String isbn = newIsbn();
    assertEquals(new BigDecimal("19.98"), books.price(isbn, 2));
    assertEquals(new BigDecimal("29.97"), books.price(isbn, 3));
    assertEquals(new BigDecimal("19.98"), books.price(isbn, 2));
    assertEquals(new BigDecimal("29.97"), books.price(isbn, 3));

    assertEquals(2, books.calls().of("price"));
  }
}
