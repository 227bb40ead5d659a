package io.jcacheredis.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.integration.EmbeddedRedis;
import java.util.UUID;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What one run of the application cached, the next run (a new CacheManager) reads. */
@ExtendWith(EmbeddedRedis.class)
@Timeout(60)
class ContextRestartTest {

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(CachingApplication.class).web(WebApplicationType.NONE).run();
  }

  @Test
  void aRestartedApplicationReadsWhatThePreviousRunCached() {
    String isbn = "978-" + UUID.randomUUID();
    Book cached;
    CacheManager firstManager;
    try (ConfigurableApplicationContext context = start()) {
      BookService books = context.getBean(BookService.class);
      cached = books.find(isbn);
      assertEquals(1, books.calls().of("find"));
      firstManager = context.getBean(CacheManager.class);
    }
    assertTrue(firstManager.isClosed(), "closing the application closed its CacheManager");

    try (ConfigurableApplicationContext context = start()) {
      BookService books = context.getBean(BookService.class);
      assertNotSame(firstManager, context.getBean(CacheManager.class));
      assertEquals(cached, books.find(isbn));
      assertEquals(0, books.calls().of("find"), "served by what the previous run stored");
    }
  }
}
