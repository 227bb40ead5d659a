package io.jcacheredis.configuration;

import redis.clients.jedis.UnifiedJedis;

/**
 * Creates the Redis client of a CacheManager, in place of the built-in connection pool. Give one with the setting
 * {@value RedisSettings#CLIENT_FACTORY}: an instance put into the Properties passed to
 * {@code CachingProvider.getCacheManager(uri, classLoader, properties)}, or the name of an implementing class with a
 * public no-argument constructor.
 *
 * <pre>{@code
 * Properties properties = RedisConfig.builder()
 *     .clientFactory(settings -> new JedisPooled(myPoolConfig, "redis.internal", 6379))
 *     .build().toProperties();
 * CacheManager manager = provider.getCacheManager(URI.create("redis://redis.internal:6379/0"), null, properties);
 * }</pre>
 *
 * <p>Failures of such a client reach the application as the Jedis exceptions it throws; only the built-in client
 * turns them into CacheExceptions naming the server. {@code io.jcacheredis.client.RedisClients} has the pieces the
 * built-in pool is made of (client configuration, pool configuration, socket factory) for a factory that changes only
 * some of them.
 */
@FunctionalInterface
public interface RedisClientFactory {

  /**
   * Creates the client of one CacheManager. Called once, when the manager is created; the manager closes the client
   * when it closes. The client must reach the server and database of {@code settings.endpoint()}: the manager's
   * messages name that endpoint.
   *
   * @param settings the manager's resolved settings (endpoint, credentials, timeouts, pool sizes, TLS)
   * @return a client that may be used by many threads at once (a pooled client such as {@code RedisClient})
   */
  UnifiedJedis create(RedisSettings settings);
}
