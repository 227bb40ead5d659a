package io.jcacheredis.integration;

import io.jcacheredis.TestRedis;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * Gives the test class a Redis server before anything opens a CacheManager: the provider's {@link TestRedis} starts an
 * embedded Redis once per JVM (or uses {@code JCACHE_REDIS_URL} / {@code -Djcache.redis.url}) and sets the system
 * property {@code jcache.redis.url}, which is where {@code jcache-redis.properties}, naming no server, lets the
 * provider find it.
 */
public final class EmbeddedRedis implements BeforeAllCallback {

  /** The key prefix that {@code jcache-redis.properties} sets. */
  public static final String PREFIX = "myapp";

  @Override
  public void beforeAll(ExtensionContext context) {
    TestRedis.url();
  }

  /** A raw client of the server, to look at or plant what the provider reads. Close it. */
  public static UnifiedJedis raw() {
    return TestRedis.raw();
  }

  /** The Redis key of a String cache key, as the provider writes it. */
  public static String redisKey(String cacheName, String key) {
    return PREFIX + ":" + cacheName + ":" + key;
  }
}
