package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The cache MXBeans' names: the spec's form (':', '=', ',' and newlines made '.'), so tools and the TCK find them,
 * and quoted when a manager URI or cache name would otherwise make an invalid name or a pattern.
 */
class MBeanNameTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private static MutableConfiguration<String, String> managed() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setStatisticsEnabled(true).setManagementEnabled(true);
  }

  /** How the TCK computes the name (TestSupport.calculateObjectName), for names that need no quoting. */
  private static ObjectName specName(String type, CacheManager manager, String cacheName) throws Exception {
    return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + spec(manager.getURI().toString())
        + ",Cache=" + spec(cacheName));
  }

  private static String spec(String value) {
    return value.replaceAll(":|=|\n|,", ".");
  }

  @Test
  void aPlainCacheNameGivesTheSpecsNameUnquoted() throws Exception {
    CacheManager manager = TestRedis.defaultManager();
    String name = TestRedis.uniqueName("mbean");
    Cache<String, String> cache = manager.createCache(name, managed());
    try {
      ObjectName statistics = specName("CacheStatistics", manager, name);
      assertTrue(SERVER.isRegistered(statistics), statistics.toString());
      assertTrue(SERVER.isRegistered(specName("CacheConfiguration", manager, name)));
      cache.get("missing");
      assertEquals(1L, SERVER.getAttribute(statistics, "CacheMisses"));
      cache.close();
      assertFalse(SERVER.isRegistered(statistics), "unregistered when the cache closes");
    } finally {
      manager.destroyCache(name);
    }
  }

  @Test
  void aManagerUriWithAQueryIsQuotedAndTheCacheIsRegisteredAndUnregisteredOnClose() throws Exception {
    URI uri = URI.create(TestRedis.url() + (TestRedis.uri().getQuery() == null ? "?" : "&") + "prefix=mbeans");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    String name = TestRedis.uniqueName("mbean");
    ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + ObjectName.quote(spec(uri.toString())) + ",Cache=" + name);
    ObjectName configuration = new ObjectName("javax.cache:type=CacheConfiguration,CacheManager="
        + ObjectName.quote(spec(uri.toString())) + ",Cache=" + name);
    try {
      Cache<String, String> cache = manager.createCache(name, managed());
      assertFalse(statistics.isPattern());
      assertTrue(SERVER.isRegistered(statistics), statistics.toString());
      assertTrue(SERVER.isRegistered(configuration), configuration.toString());
      cache.put("k", "v");
      assertEquals(1L, SERVER.getAttribute(statistics, "CachePuts"));
      assertEquals("java.lang.String", SERVER.getAttribute(configuration, "KeyType"));
      manager.destroyCache(name);
    } finally {
      manager.close();
    }
    assertFalse(SERVER.isRegistered(statistics), "unregistered when the manager closes");
    assertFalse(SERVER.isRegistered(configuration));
  }

  @Test
  void cacheNamesWithPatternCharactersAndQuotesAreQuoted() throws Exception {
    CacheManager manager = TestRedis.defaultManager();
    String name = TestRedis.uniqueName("a*b?c\"d");
    ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + spec(manager.getURI().toString()) + ",Cache=" + ObjectName.quote(name));
    try {
      Cache<String, String> cache = manager.createCache(name, managed());
      assertTrue(SERVER.isRegistered(statistics), statistics.toString());
      assertEquals(name, ObjectName.unquote(statistics.getKeyProperty("Cache")));
      assertTrue(manager.getCacheNames().iterator().hasNext());
      cache.get("k");
      assertEquals(1L, SERVER.getAttribute(statistics, "CacheMisses"));

      manager.enableStatistics(name, false);
      assertFalse(SERVER.isRegistered(statistics));
      manager.enableStatistics(name, true);
      assertTrue(SERVER.isRegistered(statistics));
      cache.close();
      assertFalse(SERVER.isRegistered(statistics), "unregistered when the cache closes");
    } finally {
      manager.destroyCache(name);
    }
  }
}
