package io.jcacheredis.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Spring Boot binds Micrometer's JCacheMetrics to each cache; it reads the JCache statistics MXBean the provider
 * registers.
 */
class CacheMetricsTest extends SpringCacheTestBase {

  @Autowired
  private MeterRegistry registry;

  @Test
  void getsPutsAndRemovalsAreCounted() {
    double hits = count(registry.get("cache.gets").tag("result", "hit"));
    double misses = count(registry.get("cache.gets").tag("result", "miss"));
    double puts = count(registry.get("cache.puts"));
    double removals = count(registry.get("cache.removals"));

    String isbn = newIsbn();
    books.find(isbn);
    books.find(isbn);
    books.evict(isbn);

    assertEquals(hits + 1, count(registry.get("cache.gets").tag("result", "hit")), "hits");
    assertEquals(misses + 1, count(registry.get("cache.gets").tag("result", "miss")), "misses");
    assertEquals(puts + 1, count(registry.get("cache.puts")), "puts");
    assertEquals(removals + 1, count(registry.get("cache.removals")), "removals");
  }

  /** The value of the books cache's meter, whether Micrometer made it a counter or a gauge. */
  private static double count(RequiredSearch search) {
    return search.tag("cache", "books").meter().measure().iterator().next().getValue();
  }
}
