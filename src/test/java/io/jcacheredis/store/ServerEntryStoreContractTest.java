package io.jcacheredis.store;

import io.jcacheredis.RedisTestServer;
import io.jcacheredis.WithRedis;
import io.jcacheredis.configuration.RedisSettings;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.RedisClient;

/**
 * The {@link EntryStoreContract} on the store of one real server (an embedded Redis of this test's own, from
 * {@link io.jcacheredis.RedisServerExtension}): what the in-memory fake must answer like.
 */
@WithRedis
class ServerEntryStoreContractTest extends EntryStoreContract {

  private EntryStore store;
  private RedisClient raw;

  @BeforeEach
  void connect(RedisTestServer server) {
    raw = server.raw();
    raw.flushAll();
    store = EntryStores.create(server.raw(), RedisSettings.resolve(server.uri(), false, new Properties(),
        getClass().getClassLoader()).endpoint());
  }

  @Override
  EntryStore store() {
    return store;
  }

  @Override
  void set(String key, String value) {
    raw.set(key, value);
  }
}
