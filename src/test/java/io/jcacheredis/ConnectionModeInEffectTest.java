package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.client.ServerClient;
import io.jcacheredis.configuration.ConnectionMode;
import io.jcacheredis.configuration.RedisSettings;
import java.util.Locale;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The default manager of each surefire run has the client its run asks for: the {@code multiplexed} run (the system
 * property {@value RedisSettings#CONNECTION_MODE}) really runs the cache-semantics classes on shared connections, the
 * others on the pool; on a cluster, the {@code multiplexed-cluster} run on a cluster client with shared connections, the
 * {@code cluster} run on one without.
 */
@AlsoOnCluster
class ConnectionModeInEffectTest {

  @Test
  void theDefaultManagerUsesTheModeOfThisRun() {
    UnifiedJedis client = TestRedis.defaultManager().unwrap(UnifiedJedis.class);
    String mode = System.getProperty(RedisSettings.CONNECTION_MODE, "pooled").trim().toLowerCase(Locale.ROOT);
    if (TestRedis.isCluster()) {
      ClusterClient cluster = assertInstanceOf(ClusterClient.class, client);
      Cache<String, String> cache = TestRedis.defaultManager().createCache(TestRedis.uniqueName("mode"),
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      boolean multiplexed = mode.equals(ConnectionMode.MULTIPLEXED.text());
      assertEquals(multiplexed, cluster.multiplexedConnections() > 0,
          "shared connections in the " + mode + " mode: " + cluster.multiplexedConnections());
    } else if (mode.equals(ConnectionMode.MULTIPLEXED.text())) {
      assertInstanceOf(MultiplexedClient.class, client);
    } else {
      assertInstanceOf(ServerClient.class, client);
    }
  }
}
