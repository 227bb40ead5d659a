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

  /** Puts until a put is readable again (Redis restarted empty). */
  static void awaitWorking(Cache<String, String> cache) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      cache.put("k", "v2");
      if ("v2".equals(cache.get("k"))) {
        return;
      }
      Thread.sleep(10);
    }
  }
}
