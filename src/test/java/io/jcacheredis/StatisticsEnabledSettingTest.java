package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.spi.RedisCacheManager;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jcache.redis.statistics-enabled}: caches created or opened with a default configuration (as Spring and
 * Hibernate create theirs) have statistics, under the MXBean name that the spec, and Micrometer's JCacheMetrics, use.
 */
class StatisticsEnabledSettingTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private CacheManager manager;
  private String name;

  @BeforeEach
  void open() {
    Properties properties = new Properties();
    properties.setProperty(RedisCacheManager.STATISTICS_ENABLED, "true");
    // A class loader of its own: a manager of its own, created with these properties.
    manager = Caching.getCachingProvider().getCacheManager(TestRedis.uri(),
        new URLClassLoader(new URL[0], getClass().getClassLoader()), properties);
    name = TestRedis.uniqueName("statistics");
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
    manager.close();
  }

  /** The name Micrometer's JCacheMetrics looks up (its manager URI with ':' made '.'); the spec's for this URI. */
  private ObjectName statisticsName(CacheManager owner) throws Exception {
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + owner.getURI().toString().replace(':', '.') + ",Cache=" + name);
  }

  @Test
  void aCacheCreatedWithADefaultConfigurationHasStatistics() throws Exception {
    Cache<Object, Object> cache = manager.createCache(name, new MutableConfiguration<>());

    assertTrue(configuration(cache).isStatisticsEnabled());
    cache.get("missing");
    cache.put("k", "v");
    cache.get("k");
    cache.remove("k");
    ObjectName statistics = statisticsName(manager);
    assertEquals(1L, SERVER.getAttribute(statistics, "CacheMisses"));
    assertEquals(1L, SERVER.getAttribute(statistics, "CacheHits"));
    assertEquals(1L, SERVER.getAttribute(statistics, "CachePuts"));
    assertEquals(1L, SERVER.getAttribute(statistics, "CacheRemovals"));

    manager.enableStatistics(name, false);
    assertFalse(SERVER.isRegistered(statistics), "enableStatistics still turns them off");
  }

  @Test
  void aCacheOpenedFromRedisHasStatistics() throws Exception {
    CacheManager other = TestRedis.defaultManager();
    other.createCache(name, new MutableConfiguration<>());
    assertFalse(SERVER.isRegistered(statisticsName(other)), "without the setting: no statistics");

    Cache<Object, Object> cache = manager.getCache(name);

    assertTrue(configuration(cache).isStatisticsEnabled());
    cache.get("missing");
    assertEquals(1L, SERVER.getAttribute(statisticsName(manager), "CacheMisses"));
    other.getCache(name).close();
  }

  /** The cache's complete configuration (JCache's getConfiguration takes a raw class). */
  @SuppressWarnings("unchecked")
  private static CompleteConfiguration<Object, Object> configuration(Cache<Object, Object> cache) {
    return cache.getConfiguration(CompleteConfiguration.class);
  }
}
