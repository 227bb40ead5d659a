package io.jcacheredis.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Where the caches of one CacheManager live and how to reach it. Settings come, later ones winning, from: built-in
 * defaults, a configuration file (when the manager URI is a {@code file:}, {@code jar:}, {@code classpath:} or other
 * resource URL), the Properties given to {@code getCacheManager}, and the query of the Redis URL. The names are the
 * same everywhere; in a URL query the {@code jcache.redis.} prefix is left out ({@code ?db=2&timeout.millis=500}).
 *
 * <p>The Redis URL is the manager URI itself when it is a {@code redis://}, {@code rediss://}, {@code unix://},
 * {@code redis-cluster://}, {@code rediss-cluster://} or {@code redis-sentinel://} URL;
 * otherwise the {@value #URL} setting, else the system property {@value #URL}, else the environment variable
 * {@value #URL_ENV}, else {@code redis://localhost:6379}.
 *
 * <p>To build the Properties in code, see {@link RedisConfig}. {@link #toString()} never shows a password.
 */
public final class RedisSettings {

  /**
   * The Redis URL: {@code redis[s]://[[user]:password@]host[:port][/db][?name=value&...]},
   * {@code unix://[[user]:password@]/path/to/redis.sock[?db=N&...]} or, for a Redis Cluster,
   * {@code redis[s]-cluster://[[user]:password@]host1[:port1],host2[:port2],...[?name=value&...]} or, for a master
   * monitored by Redis Sentinels,
   * {@code redis-sentinel://[[user]:password@]sentinel1[:port1],sentinel2[:port2],.../masterName[/db][?...]} (see
   * {@link RedisEndpoint}).
   */
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
  /** Check a connection with PING before it is handed out, replacing it when broken (default false). */
  public static final String POOL_TEST_ON_BORROW = "jcache.redis.pool.test-on-borrow";
  /** Check idle connections with PING on each eviction run, dropping broken ones (default true). */
  public static final String POOL_TEST_WHILE_IDLE = "jcache.redis.pool.test-while-idle";
  /**
   * Milliseconds between runs of the pool's evictor, which closes idle connections and tests them (default 30000;
   * 0 or less turns the evictor off).
   */
  public static final String POOL_TIME_BETWEEN_EVICTION_RUNS = "jcache.redis.pool.time-between-eviction-runs.millis";
  /** How long a connection may stay idle before the evictor may close it, in milliseconds (default 60000). */
  public static final String POOL_MIN_EVICTABLE_IDLE = "jcache.redis.pool.min-evictable-idle.millis";
  /** CLIENT SETNAME of each connection (default none). */
  public static final String CLIENT_NAME = "jcache.redis.client-name";
  /** The database number; also given as the URL path ({@code redis://} only) or {@code ?db=}. Wins over the path. */
  public static final String DATABASE = "jcache.redis.db";
  /** The ACL user name (default: the one in the URL, else Redis' default user). Wins over the URL. */
  public static final String USER = "jcache.redis.user";
  /** The password (default: the one in the URL, else none). Wins over the URL; never shown. */
  public static final String PASSWORD = "jcache.redis.password";
  /**
   * Trust store (file path) holding the CA certificates that {@code rediss://} servers are checked against (default:
   * the JVM's trust store).
   */
  public static final String SSL_TRUSTSTORE = "jcache.redis.ssl.truststore";
  /** Password of {@link #SSL_TRUSTSTORE} (default none). Never shown. */
  public static final String SSL_TRUSTSTORE_PASSWORD = "jcache.redis.ssl.truststore-password";
  /** Type of {@link #SSL_TRUSTSTORE}: {@code PKCS12} (default) or {@code JKS}. */
  public static final String SSL_TRUSTSTORE_TYPE = "jcache.redis.ssl.truststore-type";
  /**
   * Whether a TLS server's certificate must name the host of the URL (default true). Turn off only when the
   * certificate cannot name the host; the certificate chain is still checked against the trust store.
   */
  public static final String SSL_VERIFY_HOSTNAME = "jcache.redis.ssl.verify-hostname";
  /**
   * Supplies the manager's Redis client instead of the built-in pool: a {@link RedisClientFactory} instance put into
   * the Properties given to {@code getCacheManager} ({@code properties.put(CLIENT_FACTORY, factory)}), or the name of
   * a class implementing it with a public no-argument constructor (loaded with the manager's class loader).
   */
  public static final String CLIENT_FACTORY = "jcache.redis.client-factory";
  /**
   * Redis Cluster only: how many times a command is sent before it fails, following MOVED/ASK redirections and
   * retrying after connection failures with a fresh view of the cluster (default 5). A command fails at the latest
   * after this many times the larger of {@value #TIMEOUT} and {@value #CONNECT_TIMEOUT}.
   */
  public static final String CLUSTER_MAX_ATTEMPTS = "jcache.redis.cluster.max-attempts";
  /**
   * Redis Sentinel only: the ACL user the sentinels are asked with (default: none, Redis' default user). The user
   * and password of the URL are the master's.
   */
  public static final String SENTINEL_USER = "jcache.redis.sentinel-user";
  /** Redis Sentinel only: the sentinels' password ({@code requirepass} of the sentinels; default none). Never shown. */
  public static final String SENTINEL_PASSWORD = "jcache.redis.sentinel-password";

  /**
   * How the built-in client of one server or of a sentinel's master uses its connections: {@code pooled} (default;
   * each call borrows a pooled connection) or {@code multiplexed} (concurrent calls share
   * {@value #MULTIPLEXED_CONNECTIONS} connections, their commands written together and the replies matched in order).
   * Also a system property. A Redis Cluster URL stays pooled (with a WARN).
   */
  public static final String CONNECTION_MODE = "jcache.redis.connection-mode";
  /**
   * Connections the {@code multiplexed} {@value #CONNECTION_MODE} keeps to the server, shared by all calls
   * (default 2, 1 to 4). Also a system property.
   */
  public static final String MULTIPLEXED_CONNECTIONS = "jcache.redis.multiplexed.connections";

  /** The most connections {@value #MULTIPLEXED_CONNECTIONS} may ask for. */
  public static final int MAX_MULTIPLEXED_CONNECTIONS = 4;

  static final String DEFAULT_URL = "redis://localhost:6379";
  private static final String QUERY_PREFIX = SettingNames.PREFIX;

  private final Properties values;
  private final RedisEndpoint endpoint;
  private final ClassLoader classLoader;
  private final GivenNames givenNames;

  private RedisSettings(Properties values, RedisEndpoint endpoint, ClassLoader classLoader, GivenNames givenNames) {
    this.values = values;
    this.endpoint = endpoint;
    this.classLoader = classLoader;
    this.givenNames = givenNames;
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
   * @param isDefault the URI is the provider's default one (its server then comes from the {@value #URL} setting,
   *     else {@link #defaultUrl()})
   * @param given the Properties given to {@code getCacheManager}; may hold a {@link RedisClientFactory} object
   * @param classLoader the manager's class loader: reads {@code classpath:} files and loads a factory class
   */
  public static RedisSettings resolve(URI uri, boolean isDefault, Properties given, ClassLoader classLoader) {
    Properties merged = new Properties();
    GivenNames givenNames = new GivenNames();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String url;
    if (isDefault) {
      url = null;
    } else if (RedisEndpoint.isRedisScheme(scheme)) {
      url = uri.toString();
    } else {
      Properties file = readFile(uri, classLoader);
      givenNames.fromProperties(file, "the configuration file " + uri);
      merged.putAll(file);
      url = null;
    }
    givenNames.fromProperties(given, "the Properties given to getCacheManager");
    merged.putAll(given);
    if (url == null) {
      url = merged.getProperty(URL, defaultUrl());
    }
    RedisEndpoint endpoint;
    if (MultiHostUrl.isClusterUrl(url)) {
      MultiHostUrl cluster = MultiHostUrl.parseClusterUrl(url);
      mergeQuery(cluster.rawQuery(), url, merged, givenNames);
      endpoint = RedisEndpoint.ofCluster(cluster, merged.getProperty(DATABASE), merged.getProperty(USER),
          merged.getProperty(PASSWORD));
    } else if (MultiHostUrl.isSentinelUrl(url)) {
      MultiHostUrl sentinel = MultiHostUrl.parseSentinelUrl(url);
      mergeQuery(sentinel.rawQuery(), url, merged, givenNames);
      endpoint = RedisEndpoint.ofSentinel(sentinel, merged.getProperty(DATABASE), merged.getProperty(USER),
          merged.getProperty(PASSWORD));
    } else {
      URI redisUri = RedisEndpoint.parseUri(url);
      mergeQuery(redisUri.getRawQuery(), url, merged, givenNames);
      endpoint = RedisEndpoint.of(redisUri, merged.getProperty(DATABASE), merged.getProperty(USER),
          merged.getProperty(PASSWORD));
    }
    return new RedisSettings(merged, endpoint, classLoader, givenNames);
  }

  private static void mergeQuery(String query, String url, Properties into, GivenNames givenNames) {
    if (query == null || query.isEmpty()) {
      return;
    }
    String shown = RedisEndpoint.redact(url);
    int question = shown.indexOf('?'); // shown without its query: a misspelt password parameter must not be shown
    String source = "the query of the Redis URL " + (question < 0 ? shown : shown.substring(0, question));
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      givenNames.fromQuery(name, source);
      into.setProperty(name.startsWith(QUERY_PREFIX) ? name : QUERY_PREFIX + name, value);
    }
  }

  /**
   * Logs a WARN for each setting name given that is not among {@code known} (names starting with {@value
   * SettingNames#PREFIX} in the configuration file and the Properties; every name in the URL query), naming where it
   * was given and the closest known name. Other keys of the Properties and the file belong to others and are not
   * checked.
   *
   * @param known every setting name the provider reads ({@link SettingNames#declaredIn})
   */
  public void warnAboutUnknownNames(Set<String> known) {
    givenNames.warnUnknown(known);
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

  /** The server: host and port or socket path, database, TLS, credentials. */
  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /**
   * All settings after merging (file, Properties, URL query), for settings other parts of the provider own, such
   * as {@link FailureOptions} and the codec's allowed classes. A copy: changing it changes nothing.
   */
  public Properties merged() {
    Properties copy = new Properties();
    copy.putAll(values);
    return copy;
  }

  /** The class loader of the manager these settings belong to. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** {@value #PREFIX}. */
  public String prefix() {
    return values.getProperty(PREFIX, "jcache");
  }

  /** {@value #TIMEOUT}. */
  public int timeoutMillis() {
    return intValue(TIMEOUT, 2000);
  }

  /** {@value #CONNECT_TIMEOUT}. */
  public int connectTimeoutMillis() {
    return intValue(CONNECT_TIMEOUT, 2000);
  }

  /** {@value #POOL_MAX_TOTAL}. */
  public int poolMaxTotal() {
    return intValue(POOL_MAX_TOTAL, 16);
  }

  /** {@value #POOL_MAX_IDLE}. */
  public int poolMaxIdle() {
    return intValue(POOL_MAX_IDLE, 16);
  }

  /** {@value #POOL_MIN_IDLE}. */
  public int poolMinIdle() {
    return intValue(POOL_MIN_IDLE, 0);
  }

  /** {@value #POOL_MAX_WAIT}. */
  public int poolMaxWaitMillis() {
    return intValue(POOL_MAX_WAIT, 2000);
  }

  /** {@value #POOL_TEST_ON_BORROW}. */
  public boolean poolTestOnBorrow() {
    return booleanValue(POOL_TEST_ON_BORROW, false);
  }

  /** {@value #POOL_TEST_WHILE_IDLE}. */
  public boolean poolTestWhileIdle() {
    return booleanValue(POOL_TEST_WHILE_IDLE, true);
  }

  /** {@value #POOL_TIME_BETWEEN_EVICTION_RUNS}. */
  public long poolTimeBetweenEvictionRunsMillis() {
    return longValue(POOL_TIME_BETWEEN_EVICTION_RUNS, 30_000);
  }

  /** {@value #POOL_MIN_EVICTABLE_IDLE}. */
  public long poolMinEvictableIdleMillis() {
    return longValue(POOL_MIN_EVICTABLE_IDLE, 60_000);
  }

  /** {@value #CONNECTION_MODE}, from these settings or else the system property. */
  public ConnectionMode connectionMode() {
    String text = SettingLookup.get(values, CONNECTION_MODE, null);
    return text == null ? ConnectionMode.POOLED : ConnectionMode.parse(text);
  }

  /** {@value #MULTIPLEXED_CONNECTIONS}, from these settings or else the system property. */
  public int multiplexedConnections() {
    long connections = SettingLookup.number(values, MULTIPLEXED_CONNECTIONS, 2);
    if (connections < 1 || connections > MAX_MULTIPLEXED_CONNECTIONS) {
      throw new CacheException("Setting " + MULTIPLEXED_CONNECTIONS + " must be between 1 and "
          + MAX_MULTIPLEXED_CONNECTIONS + ", but is " + connections);
    }
    return (int) connections;
  }

  /** {@value #CLIENT_NAME}, or null. */
  public String clientName() {
    return values.getProperty(CLIENT_NAME);
  }

  /** {@value #SSL_TRUSTSTORE}, or null for the JVM's trust store. */
  public String sslTruststore() {
    String path = values.getProperty(SSL_TRUSTSTORE);
    return path == null || path.isBlank() ? null : path.trim();
  }

  /** {@value #SSL_TRUSTSTORE_PASSWORD}, or null. */
  public String sslTruststorePassword() {
    return values.getProperty(SSL_TRUSTSTORE_PASSWORD);
  }

  /** {@value #SSL_TRUSTSTORE_TYPE}. */
  public String sslTruststoreType() {
    String type = values.getProperty(SSL_TRUSTSTORE_TYPE);
    return type == null || type.isBlank() ? "PKCS12" : type.trim();
  }

  /** {@value #SSL_VERIFY_HOSTNAME}. */
  public boolean sslVerifyHostname() {
    return booleanValue(SSL_VERIFY_HOSTNAME, true);
  }

  /** {@value #CLUSTER_MAX_ATTEMPTS}. */
  public int clusterMaxAttempts() {
    int attempts = intValue(CLUSTER_MAX_ATTEMPTS, 5);
    if (attempts < 1) {
      throw new CacheException("Setting " + CLUSTER_MAX_ATTEMPTS + " must be at least 1, but is " + attempts);
    }
    return attempts;
  }

  /** {@value #SENTINEL_USER}, or null. */
  public String sentinelUser() {
    String user = values.getProperty(SENTINEL_USER);
    return user == null || user.isEmpty() ? null : user;
  }

  /** {@value #SENTINEL_PASSWORD}, or null. */
  public String sentinelPassword() {
    String password = values.getProperty(SENTINEL_PASSWORD);
    return password == null || password.isEmpty() ? null : password;
  }

  /** The {@value #CLIENT_FACTORY} to use, or null for the built-in pool. */
  public RedisClientFactory clientFactory() {
    return ClientFactorySetting.resolve(values.get(CLIENT_FACTORY), classLoader);
  }

  private int intValue(String name, int defaultValue) {
    long value = longValue(name, defaultValue);
    if (value != (int) value) {
      throw new CacheException("Setting " + name + " is too large: " + value);
    }
    return (int) value;
  }

  private long longValue(String name, long defaultValue) {
    String text = values.getProperty(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new CacheException("Setting " + name + " must be a whole number, but is '" + text + "'");
    }
  }

  private boolean booleanValue(String name, boolean defaultValue) {
    return SettingLookup.bool(name, values.getProperty(name), defaultValue);
  }

  /** The settings for display: never contains the password. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RedisSettings[").append(endpoint);
    for (Map.Entry<Object, Object> entry : values.entrySet()) {
      String name = String.valueOf(entry.getKey());
      if (name.startsWith(QUERY_PREFIX) && !name.equals(URL) && !name.contains("password")) {
        Object value = entry.getValue();
        text.append(", ").append(name).append('=')
            .append(value instanceof String ? value : value.getClass().getName());
      }
    }
    return text.append(']').toString();
  }
}
