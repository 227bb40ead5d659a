package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a cache's configuration factories create and that is closeable (expiry policy, loader, writer, listener,
 * filter) is closed when the cache, or its manager, closes: every one of them, even when some throw, the first
 * failure thrown with the others suppressed.
 */
class CacheResourcesTest {

  private final List<String> closed = new ArrayList<>();
  private CacheManager manager;
  private String name;

  @BeforeEach
  void open() {
    manager = TestRedis.separateManager();
    name = TestRedis.uniqueName("resources");
  }

  @AfterEach
  void close() {
    if (!manager.isClosed()) {
      manager.destroyCache(name);
      manager.close();
    }
  }

  /** Expiry policy, loader, writer, listener and filter: the loader and the listener fail to close. */
  private MutableConfiguration<String, String> everyResource(String cache) {
    return new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(() -> new ClosingExpiry(cache + " expiry"))
        .setCacheLoaderFactory(() -> new ClosingLoader(cache + " loader", true))
        .setReadThrough(true)
        .setCacheWriterFactory(() -> new ClosingWriter(cache + " writer"))
        .setWriteThrough(true)
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            () -> new ClosingListener(cache + " listener", true), () -> new ClosingFilter(cache + " filter"), false,
            true));
  }

  @Test
  void closingACacheClosesEveryResourceAndChainsTheFailures() {
    Cache<String, String> cache = manager.createCache(name, everyResource("a"));
    cache.put("k", "v"); // the resources are in use

    CacheException failure = assertThrows(CacheException.class, cache::close);

    assertTrue(cache.isClosed());
    assertEquals(List.of("a expiry", "a loader", "a writer", "a listener", "a filter"), closed);
    assertEquals("a loader cannot close", failure.getCause().getMessage(), "the first failure is the cause");
    assertEquals(List.of("a listener cannot close"), messages(failure.getSuppressed()), "the others are suppressed");
    cache.close(); // closing again closes nothing again
    assertEquals(5, closed.size());
  }

  @Test
  void closingTheManagerClosesEveryCacheAndChainsTheFailures() {
    String other = TestRedis.uniqueName("resources");
    manager.createCache(name, everyResource("a"));
    manager.createCache(other, everyResource("b"));

    CacheException failure = assertThrows(CacheException.class, manager::close);

    assertTrue(manager.isClosed());
    assertEquals(10, closed.size(), "every resource of both caches: " + closed);
    CacheException first = (CacheException) failure.getCause();
    assertEquals(1, failure.getSuppressed().length, "the second cache's failure");
    CacheException second = (CacheException) failure.getSuppressed()[0];
    for (CacheException ofOneCache : List.of(first, second)) {
      assertTrue(ofOneCache.getCause().getMessage().endsWith("loader cannot close"), ofOneCache.toString());
      assertTrue(messages(ofOneCache.getSuppressed()).get(0).endsWith("listener cannot close"));
    }
    manager = TestRedis.separateManager(); // to destroy both caches
    manager.destroyCache(other);
  }

  @Test
  void deregisteringAListenerClosesItAndItsFilter() {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<>());
    MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
        () -> new ClosingListener("listener", false), () -> new ClosingFilter("filter"), false, true);
    cache.registerCacheEntryListener(listener);

    cache.deregisterCacheEntryListener(listener);

    assertEquals(List.of("listener", "filter"), closed);
    cache.close();
    assertEquals(2, closed.size(), "a deregistered listener is not closed again");
  }

  @Test
  void aCacheThatCannotBeMadeClosesWhatWasAlreadyCreated() {
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setCacheLoaderFactory(() -> new ClosingLoader("loader", true))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(() -> {
          throw new IllegalStateException("no listener today");
        }, null, false, true));

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> manager.createCache(name, configuration));

    assertEquals(List.of("loader"), closed);
    assertEquals("loader cannot close",
        ((CacheException) failure.getSuppressed()[0]).getCause().getMessage());
  }

  @Test
  void anObjectInSeveralRolesIsClosedOnce() {
    ClosingLoader loaderAndWriter = new ClosingLoader("loader and writer", false);
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setCacheLoaderFactory(() -> loaderAndWriter)
        .setCacheWriterFactory(() -> loaderAndWriter)
        .setWriteThrough(true));

    cache.close();

    assertEquals(List.of("loader and writer"), closed);
  }

  private static List<String> messages(Throwable[] failures) {
    return Arrays.stream(failures).map(Throwable::getMessage).toList();
  }

  /** Records that it was closed, then fails if told to. */
  private abstract class Recording implements Closeable {

    private final String name;
    private final boolean failing;

    Recording(String name, boolean failing) {
      this.name = name;
      this.failing = failing;
    }

    @Override
    public void close() {
      synchronized (closed) {
        closed.add(name);
      }
      if (failing) {
        throw new IllegalStateException(name + " cannot close");
      }
    }
  }

  private final class ClosingExpiry extends Recording implements ExpiryPolicy {

    ClosingExpiry(String name) {
      super(name, false);
    }

    @Override
    public Duration getExpiryForCreation() {
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }

  private final class ClosingLoader extends Recording implements CacheLoader<String, String>,
      CacheWriter<String, String> {

    ClosingLoader(String name, boolean failing) {
      super(name, failing);
    }

    @Override
    public String load(String key) {
      return null;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      return Map.of();
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
    }
  }

  private final class ClosingWriter extends Recording implements CacheWriter<String, String> {

    ClosingWriter(String name) {
      super(name, false);
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }

  private final class ClosingListener extends Recording implements CacheEntryCreatedListener<String, String> {

    ClosingListener(String name, boolean failing) {
      super(name, failing);
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    }
  }

  private final class ClosingFilter extends Recording implements CacheEntryEventFilter<String, String> {

    ClosingFilter(String name) {
      super(name, false);
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return true;
    }
  }
}
