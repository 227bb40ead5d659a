package io.jcacheredis.store;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/** Builds the pooled Jedis client of a cache manager from its settings. */
public final class RedisClients {

  private RedisClients() {
  }

  public static UnifiedJedis create(RedisSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    PooledConnectionProvider connections = new PooledConnectionProvider(
        new HostAndPort(endpoint.host(), endpoint.port()), clientConfig(settings), poolConfig(settings));
    return RedisClient.builder()
        .connectionProvider(connections)
        .commandExecutor(new RedisFailures(new DefaultCommandExecutor(connections), endpoint))
        .build();
  }

  private static JedisClientConfig clientConfig(RedisSettings settings) {
    RedisEndpoint endpoint = settings.endpoint();
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .resp2()
        .socketTimeoutMillis(settings.timeoutMillis())
        .connectionTimeoutMillis(settings.connectTimeoutMillis())
        .database(endpoint.database())
        .ssl(endpoint.ssl());
    if (endpoint.user() != null) {
      client.user(endpoint.user());
    }
    if (endpoint.password() != null) {
      client.password(endpoint.password());
    }
    if (settings.clientName() != null) {
      client.clientName(settings.clientName());
    }
    return client.build();
  }

  private static ConnectionPoolConfig poolConfig(RedisSettings settings) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolMaxTotal());
    pool.setMaxIdle(settings.poolMaxIdle());
    pool.setMinIdle(settings.poolMinIdle());
    pool.setMaxWait(Duration.ofMillis(settings.poolMaxWaitMillis()));
    pool.setJmxEnabled(false);
    return pool;
  }
}
