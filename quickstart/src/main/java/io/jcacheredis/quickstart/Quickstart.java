package io.jcacheredis.quickstart;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.embedded.RedisServer;

/**
 * Uses jcache-redis through the standard JCache API only. Starts an embedded Redis unless the system property
 * {@code jcache.redis.url} or the environment variable {@code JCACHE_REDIS_URL} names a server.
 *
 * <pre>mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f quickstart/pom.xml compile exec:java</pre>
 */
public final class Quickstart {

  private static final String URL_PROPERTY = "jcache.redis.url";
  private static final String URL_ENV = "JCACHE_REDIS_URL";

  private Quickstart() {
  }

  public static void main(String[] args) throws Exception {
    RedisServer embedded = null;
    try {
      String url = configuredUrl();
      if (url == null) {
        int port = freePort();
        embedded = RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        embedded.start();
        url = "redis://127.0.0.1:" + port;
        // Before the first JCache call: the provider's default URI is read from this property.
        System.setProperty(URL_PROPERTY, url);
      }
      run(url, embedded != null);
    } finally {
      if (embedded != null) {
        embedded.stop();
        System.out.println("stopped the embedded Redis");
      }
    }
  }

  private static void run(String url, boolean embedded) {
    CachingProvider provider = Caching.getCachingProvider();
    CacheManager manager = provider.getCacheManager();
    System.out.println("provider: " + provider.getClass().getName());
    // The manager URI is the server URL without its user info, so it is safe to show.
    System.out.println("server:   " + manager.getURI() + (embedded ? " (embedded Redis started for this run)" : ""));
    try {
      Cache<String, String> books = manager.createCache("books", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE))
          .setStatisticsEnabled(true));
      Cache<String, Long> reads = manager.createCache("reads", new MutableConfiguration<String, Long>()
          .setTypes(String.class, Long.class));

      books.put("dune", "Frank Herbert");
      books.put("neuromancer", "William Gibson");
      System.out.println("put dune, neuromancer (each expires one minute after creation)");
      System.out.println("get(dune) -> " + books.get("dune"));
      System.out.println("putIfAbsent(dune, Someone Else) -> " + books.putIfAbsent("dune", "Someone Else")
          + ", get(dune) -> " + books.get("dune"));
      System.out.println("putIfAbsent(hyperion, Dan Simmons) -> " + books.putIfAbsent("hyperion", "Dan Simmons"));
      Set<String> wanted = new LinkedHashSet<>(List.of("dune", "hyperion", "missing"));
      System.out.println("getAll(" + wanted + ") -> " + new TreeMap<>(books.getAll(wanted)));

      // Runs in this JVM; the provider commits the result with a compare-and-set in Redis.
      EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
        long next = entry.exists() ? entry.getValue() + 1 : 1;
        entry.setValue(next);
        return next;
      };
      reads.invoke("dune", increment);
      reads.invoke("dune", increment);
      System.out.println("invoke(increment) on reads: dune -> " + reads.invoke("dune", increment)
          + ", hyperion -> " + reads.invoke("hyperion", increment));

      Map<String, String> all = new TreeMap<>();
      for (Cache.Entry<String, String> entry : books) {
        all.put(entry.getKey(), entry.getValue());
      }
      System.out.println("iterate books -> " + all);
      System.out.println("statistics of books (JMX) -> " + statistics("books"));

      System.out.println("Redis keys (raw SCAN):");
      for (String line : redisKeys(url, embedded)) {
        System.out.println("  " + line);
      }

      manager.destroyCache("books");
      manager.destroyCache("reads");
      System.out.println("destroyed books and reads (their keys are deleted from Redis)");
    } finally {
      manager.close();
      System.out.println("closed the CacheManager");
    }
  }

  /** The cache statistics the provider registers under the standard JCache MBean name. */
  private static String statistics(String cacheName) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<ObjectName> names =
          server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cacheName + ",*"), null);
      if (names.isEmpty()) {
        return "not registered";
      }
      ObjectName name = names.iterator().next();
      return "gets=" + server.getAttribute(name, "CacheGets") + " hits=" + server.getAttribute(name, "CacheHits")
          + " misses=" + server.getAttribute(name, "CacheMisses") + " puts=" + server.getAttribute(name, "CachePuts");
    } catch (Exception e) {
      return "unavailable (" + e + ")";
    }
  }

  /** Lists the keys of both caches straight from Redis with Jedis, outside JCache. */
  private static List<String> redisKeys(String url, boolean embedded) {
    List<String> lines = new ArrayList<>();
    try (RedisClient redis = embedded ? RedisClient.create("127.0.0.1", URI.create(url).getPort())
        : RedisClient.create(withoutQuery(url))) {
      List<String> keys = new ArrayList<>();
      for (String pattern : List.of("jcache:books*", "jcache:reads*")) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(100));
          keys.addAll(page.getResult());
          cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
      }
      Collections.sort(keys);
      for (String key : keys) {
        String type = redis.type(key);
        long ttl = redis.ttl(key);
        String detail = "hash".equals(type) ? "hash, the cache's stored configuration"
            : type + (ttl >= 0 ? ", TTL " + ttl + " s" : ", no TTL");
        lines.add(String.format("%-26s %s", key, detail));
      }
    }
    return lines;
  }

  private static URI withoutQuery(String url) {
    try {
      URI uri = new URI(url);
      return new URI(uri.getScheme(), uri.getRawUserInfo() == null ? null : uri.getUserInfo(), uri.getHost(),
          uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Malformed Redis URL", e);
    }
  }

  private static String configuredUrl() {
    String url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      url = System.getenv(URL_ENV);
    }
    return url == null || url.isBlank() ? null : url.trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
