package io.jcacheredis;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * What tests that stop and restart a Redis of their own share: managers whose calls fail fast while it is down,
 * a clock, and a wait for the cache to work again after the restart.
 */
final class OutageTesting {

  /** The socket, connect and pool timeouts of {@link #manager}: a call to a stopped Redis fails within it. */
  static final int TIMEOUT_MILLIS = 500;

  private OutageTesting() {
  }

  /** A manager on the embedded Redis at {@code port} with the short timeouts and the given settings. */
  static CacheManager manager(int port, Properties properties) {
    return manager(port, properties, OutageTesting.class.getClassLoader());
  }

  /** As {@link #manager(int, Properties)}; another class loader gives another manager on the same server. */
  static CacheManager manager(int port, Properties properties, ClassLoader loader) {
    URI uri = URI.create("redis://127.0.0.1:" + port + "?timeout.millis=" + TIMEOUT_MILLIS
        + "&connect-timeout.millis=" + TIMEOUT_MILLIS + "&pool.max-wait.millis=" + TIMEOUT_MILLIS);
    return Caching.getCachingProvider().getCacheManager(uri, loader, properties);
  }

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Puts until a put is readable again (Redis restarted), failing unless that happens within 1 s. Calls that fail
   * meanwhile are expected: a pooled connection opened before the restart fails once, and is then replaced.
   */
  static void awaitWorking(Cache<String, String> cache) throws InterruptedException {
    long start = System.nanoTime();
    RedisFailureException last = null;
    while (millisSince(start) < 1_000) {
      try {
        cache.put("k", "v2");
        if ("v2".equals(cache.get("k"))) {
          return;
        }
      } catch (RedisFailureException e) {
        last = e;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the cache did not work again within 1 s of the restart", last);
  }
}
