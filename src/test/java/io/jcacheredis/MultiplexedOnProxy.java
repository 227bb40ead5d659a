package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jcacheredis.client.MultiplexedClient;
import java.io.IOException;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the failure tests of the multiplexed connection mode set up: a {@link FreezableProxy} in front of the test
 * server, and the multiplexed manager a test opens on the proxy or on the server, with a client name of its own (so
 * that CLIENT LIST finds its connections). {@link #close} thaws the proxy and closes both.
 */
final class MultiplexedOnProxy implements AutoCloseable {

  private final FreezableProxy proxy;
  private final String name;
  private CacheManager manager;

  /** @param prefix what the unique client and cache name starts with */
  MultiplexedOnProxy(RedisTestServer server, String prefix) throws IOException {
    this.proxy = FreezableProxy.start("127.0.0.1", server.port());
    this.name = TestRedis.uniqueName(prefix);
  }

  FreezableProxy proxy() {
    return proxy;
  }

  /** The client name of the manager's connections, also the cache's name. */
  String name() {
    return name;
  }

  CacheManager manager() {
    return manager;
  }

  /**
   * A String cache of a multiplexed manager on {@code port} (the proxy's or the server's) with more settings as URL
   * query parameters ({@code timeout.millis=1000&...}).
   */
  Cache<String, String> cache(int port, String settings) {
    URI uri = URI.create("redis://127.0.0.1:" + port + "?connection-mode=multiplexed&" + settings + "&client-name="
        + name);
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    assertInstanceOf(MultiplexedClient.class, manager.unwrap(UnifiedJedis.class));
    return manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Override
  public void close() {
    proxy.thaw();
    if (manager != null) {
      manager.close();
    }
    proxy.close();
  }
}
