package io.jcacheredis.integration.spring;

import io.jcacheredis.integration.EmbeddedRedis;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A {@link CachingApplication} for each test class, closed after it (so its JCache CacheManager is closed before
 * another class opens one on the same URI), with empty caches and call counts before each test.
 */
@ExtendWith(EmbeddedRedis.class)
@SpringBootTest(classes = CachingApplication.class)
@DirtiesContext
@Timeout(60)
abstract class SpringCacheTestBase {

  @Autowired
  protected BookService books;

  @Autowired
  protected Jsr107BookService jsr107Books;

  @Autowired
  protected CacheManager cacheManager;

  @BeforeEach
  void emptyCaches() {
    cacheManager.getCacheNames().forEach(name -> cacheManager.getCache(name).clear());
    books.calls().reset();
    jsr107Books.calls().reset();
  }

  /** An ISBN no other test uses. */
  protected static String newIsbn() {
    return "978-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
