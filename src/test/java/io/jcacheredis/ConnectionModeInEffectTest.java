package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.client.ServerClient;
import io.jcacheredis.configuration.ConnectionMode;
import io.jcacheredis.configuration.RedisSettings;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The default manager of each surefire run has the client its run asks for: the {@code multiplexed} run (the system
 * property {@value RedisSettings#CONNECTION_MODE}) really runs the cache-semantics classes on shared connections, the
 * others on the pool (a cluster stays pooled in either mode).
 */
@AlsoOnCluster
class ConnectionModeInEffectTest {

  @Test
  void theDefaultManagerUsesTheModeOfThisRun() {
    UnifiedJedis client = TestRedis.defaultManager().unwrap(UnifiedJedis.class);
    String mode = System.getProperty(RedisSettings.CONNECTION_MODE, "pooled").trim().toLowerCase(Locale.ROOT);
    if (TestRedis.isCluster()) {
      assertInstanceOf(ClusterClient.class, client);
    } else if (mode.equals(ConnectionMode.MULTIPLEXED.text())) {
      assertInstanceOf(MultiplexedClient.class, client);
    } else {
      assertInstanceOf(ServerClient.class, client);
    }
  }
}
