package io.jcacheredis.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * Where the caches of one CacheManager live and how to reach it. Settings come, later ones winning, from: built-in
 * defaults, a configuration file (when the manager URI is a {@code file:}, {@code jar:}, {@code classpath:} or other
 * resource URL), the Properties given to {@code getCacheManager}, and the query of the Redis URL. The names are the
 * same everywhere; in a URL query the {@code jcache.redis.} prefix is left out ({@code ?db=2&timeout.millis=500}).
 *
 * <p>The Redis URL is the manager URI itself when it is a {@code redis://} or {@code rediss://} URL; otherwise the
 * {@value #URL} setting, else the system property {@value #URL}, else the environment variable {@value #URL_ENV},
 * else {@code redis://localhost:6379}.
 */
public final class RedisSettings {

  /** The Redis URL: {@code redis[s]://[[user]:password@]host[:port][/db][?db=N&...]}. */
  public static final String URL = "jcache.redis.url";
  /** Environment variable read when neither the manager's settings nor the system property name a server. */
  public static final String URL_ENV = "JCACHE_REDIS_URL";
  /** First part of every Redis key the provider writes (default {@code jcache}). */
  public static final String PREFIX = "jcache.redis.prefix";
  /** Socket (read) timeout in milliseconds (default 2000). */
  public static final String TIMEOUT = "jcache.redis.timeout.millis";
  /** Connect timeout in milliseconds (default 2000). */
  public static final String CONNECT_TIMEOUT = "jcache.redis.connect-timeout.millis";
  /** Maximum connections in the pool (default 16). */
  public static final String POOL_MAX_TOTAL = "jcache.redis.pool.max-total";
  /** Maximum idle connections kept (default 16). */
  public static final String POOL_MAX_IDLE = "jcache.redis.pool.max-idle";
  /** Idle connections kept ready (default 0). */
  public static final String POOL_MIN_IDLE = "jcache.redis.pool.min-idle";
  /** How long a caller waits for a free connection, in milliseconds (default 2000). */
  public static final String POOL_MAX_WAIT = "jcache.redis.pool.max-wait.millis";
  /** CLIENT SETNAME of each connection (default none). */
  public static final String CLIENT_NAME = "jcache.redis.client-name";
  /** The database number; also given as the URL path or {@code ?db=}. */
  public static final String DATABASE = "jcache.redis.db";

  static final String DEFAULT_URL = "redis://localhost:6379";
  private static final String QUERY_PREFIX = "jcache.redis.";

  private final Properties values;
  private final RedisEndpoint endpoint;

  private RedisSettings(Properties values, RedisEndpoint endpoint) {
    this.values = values;
    this.endpoint = endpoint;
  }

  /** The server named by the system property or environment, as given (may contain a password). */
  public static String defaultUrl() {
    String url = System.getProperty(URL);
    if (url == null || url.isBlank()) {
      url = System.getenv(URL_ENV);
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
  }

  /**
   * Resolves the settings of a manager.
   *
   * @param uri the manager URI
   * @param isDefault the URI is the provider's default one (its server then comes from {@link #defaultUrl()})
   */
  public static RedisSettings resolve(URI uri, boolean isDefault, Properties given, ClassLoader classLoader) {
    Properties merged = new Properties();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String url;
    if (isDefault) {
      url = null;
    } else if (RedisEndpoint.isRedisScheme(scheme)) {
      url = uri.toString();
    } else {
      merged.putAll(readFile(uri, classLoader));
      url = null;
    }
    merged.putAll(given);
    if (url == null) {
      url = merged.getProperty(URL, defaultUrl());
    }
    URI redisUri = RedisEndpoint.parseUri(url);
    mergeQuery(redisUri, merged);
    return new RedisSettings(merged, RedisEndpoint.of(redisUri, merged.getProperty(DATABASE)));
  }

  private static void mergeQuery(URI redisUri, Properties into) {
    String query = redisUri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.setProperty(name.startsWith(QUERY_PREFIX) ? name : QUERY_PREFIX + name, value);
    }
  }

  /** Reads a configuration file in java.util.Properties format from a resource URL. */
  static Properties readFile(URI uri, ClassLoader classLoader) {
    Properties file = new Properties();
    String scheme = uri.getScheme();
    try (InputStream in = open(uri, scheme, classLoader)) {
      if (in == null) {
        throw new CacheException("jcache-redis configuration " + uri + " was not found. Give a redis:// URL, or the"
            + " URL of a properties file (file:, jar:, classpath:) that sets " + URL);
      }
      file.load(in);
    } catch (IOException e) {
      throw new CacheException("Cannot read jcache-redis configuration " + uri + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static InputStream open(URI uri, String scheme, ClassLoader classLoader) throws IOException {
    if (scheme == null || "classpath".equalsIgnoreCase(scheme)) {
      String path = scheme == null ? uri.getPath() : uri.getSchemeSpecificPart();
      path = path.startsWith("/") ? path.substring(1) : path;
      return classLoader.getResourceAsStream(path);
    }
    return uri.toURL().openStream();
  }

  public RedisEndpoint endpoint() {
    return endpoint;
  }

  public String prefix() {
    return values.getProperty(PREFIX, "jcache");
  }

  public int timeoutMillis() {
    return intValue(TIMEOUT, 2000);
  }

  public int connectTimeoutMillis() {
    return intValue(CONNECT_TIMEOUT, 2000);
  }

  public int poolMaxTotal() {
    return intValue(POOL_MAX_TOTAL, 16);
  }

  public int poolMaxIdle() {
    return intValue(POOL_MAX_IDLE, 16);
  }

  public int poolMinIdle() {
    return intValue(POOL_MIN_IDLE, 0);
  }

  public int poolMaxWaitMillis() {
    return intValue(POOL_MAX_WAIT, 2000);
  }

  public String clientName() {
    return values.getProperty(CLIENT_NAME);
  }

  private int intValue(String name, int defaultValue) {
    String text = values.getProperty(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new CacheException("Setting " + name + " must be a whole number, but is '" + text + "'");
    }
  }

  /** The settings for display: never contains the password. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RedisSettings[").append(endpoint);
    for (Map.Entry<Object, Object> entry : values.entrySet()) {
      String name = String.valueOf(entry.getKey());
      if (name.startsWith(QUERY_PREFIX) && !name.equals(URL) && !name.contains("password")) {
        text.append(", ").append(name).append('=').append(entry.getValue());
      }
    }
    return text.append(']').toString();
  }
}
