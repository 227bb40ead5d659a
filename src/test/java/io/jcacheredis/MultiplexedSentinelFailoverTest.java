package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jcacheredis.client.MultiplexedClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link SentinelFailoverTest} in the multiplexed connection mode: the shared connections go to the master the
 * sentinels name, and after the failover to the promoted replica.
 */
class MultiplexedSentinelFailoverTest extends SentinelFailoverTest {

  @Override
  String moreSettings() {
    return "&connection-mode=multiplexed";
  }

  @Override
  void checkClient(UnifiedJedis client) {
    assertInstanceOf(MultiplexedClient.class, client);
  }
}
