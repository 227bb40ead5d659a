package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Big values and keys work; a value over the server's limit fails with a clear message and stores nothing. */
@AlsoOnCluster
@WithRedis
@Timeout(120)
class LargeEntriesTest {

  @Test
  void tenMegabyteValuesAndTenKilobyteKeysWork() {
    CacheManager manager = TestRedis.defaultManager();
    String name = TestRedis.uniqueName("large");
    Cache<String, byte[]> cache = manager.createCache(name,
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    try {
      byte[] value = new byte[10 * 1024 * 1024];
      new Random(7).nextBytes(value);
      String key = "k".repeat(10 * 1024);
      cache.put(key, value);
      assertArrayEquals(value, cache.get(key));
      assertTrue(cache.containsKey(key));
    } finally {
      manager.destroyCache(name);
    }
  }

  @Test
  void aValueOverTheServersLimitFailsClearlyAndStoresNothing(
      @ServerSettings("proto-max-bulk-len 1mb") RedisTestServer server) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager(server.uri(), getClass().getClassLoader());
    try {
      Cache<String, byte[]> cache = manager.createCache("limited",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      CacheException error = assertThrows(CacheException.class, () -> cache.put("big", new byte[2 * 1024 * 1024]));
      assertTrue(error.getMessage().contains(server.address())
          && error.getMessage().contains("larger than the server accepts"), error.getMessage());
      assertFalse(cache.containsKey("big"));
      cache.put("small", new byte[] {1});
      assertEquals(1, cache.get("small").length, "the connection pool recovers after the refused write");
    } finally {
      manager.close();
    }
  }
}
