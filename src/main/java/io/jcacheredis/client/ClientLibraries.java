package io.jcacheredis.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheException;
import org.apache.commons.pool2.impl.GenericObjectPool;
import redis.clients.jedis.UnifiedJedis;

/**
 * Checks that the class path has the Redis client libraries the provider is built on (Jedis 8, commons-pool2 2.13 or
 * later) before a client is created, so that an older Jedis pinned by a framework's dependency management (Spring
 * Boot 4.0 manages Jedis 7.0) is a {@link CacheException} that says what to change instead of a
 * {@code NoSuchMethodError} at the first cache.
 */
final class ClientLibraries {

  private static final int JEDIS_MAJOR = 8;
  private static final int[] POOL_MIN = {2, 13};

  private static volatile boolean checked;

  private ClientLibraries() {
  }

  /** Throws a CacheException naming the versions found and how to pin the right ones; once per class loader. */
  static void require() {
    if (checked) {
      return;
    }
    String problem = problem(jedisVersion(), GenericObjectPool.class.getPackage().getImplementationVersion());
    if (problem != null) {
      throw new CacheException(problem);
    }
    checked = true;
  }

  /**
   * What is wrong with these versions of Jedis and commons-pool2 (null where unknown), or null if nothing is.
   */
  static String problem(String jedis, String pool) {
    List<String> wrong = new ArrayList<>();
    if (jedis != null && major(jedis) != JEDIS_MAJOR) {
      wrong.add("Jedis " + jedis + " (redis.clients:jedis; needs 8.x, e.g. 8.0.2: property jedis.version)");
    }
    if (pool != null && compare(pool, POOL_MIN) < 0) {
      wrong.add("commons-pool2 " + pool + " (org.apache.commons:commons-pool2; needs 2.13 or later, e.g. 2.13.1:"
          + " property commons-pool2.version)");
    }
    if (wrong.isEmpty()) {
      return null;
    }
    return "jcache-redis cannot run with " + String.join(" and ", wrong) + " on the class path. A framework's"
        + " dependency management may have chosen it (Spring Boot 4.0 manages Jedis 7.0 and commons-pool2 2.12): set"
        + " the properties named, or declare those versions before importing the framework's BOM (README, section"
        + " Spring Boot)";
  }

  /** Jedis' version from the pom.properties it carries beside its classes, or null if unknown. */
  private static String jedisVersion() {
    try (InputStream in = UnifiedJedis.class.getResourceAsStream("pom.properties")) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new CacheException("Cannot read Jedis' version (redis/clients/jedis/pom.properties): " + e, e);
    }
  }

  private static int major(String version) {
    return part(version, 0);
  }

  private static int compare(String version, int[] minimum) {
    for (int i = 0; i < minimum.length; i++) {
      int difference = part(version, i) - minimum[i];
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  /** The i-th number of a version such as 2.13.1 or 8.0.2-SNAPSHOT; 0 where it has none. */
  private static int part(String version, int index) {
    String[] parts = version.split("[.-]");
    if (index >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[index]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
