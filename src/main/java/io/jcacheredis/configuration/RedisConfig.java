package io.jcacheredis.configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The settings of a CacheManager, built in code instead of as strings. {@link #toProperties()} gives the Properties
 * to pass to {@code getCacheManager}; every method sets one of the {@link RedisSettings} names, and what is not set
 * keeps its default.
 *
 * <pre>{@code
 * Properties properties = RedisConfig.builder()
 *     .password(System.getenv("REDIS_PASSWORD"))
 *     .truststore(Path.of("/etc/redis/ca.p12"), "changeit")
 *     .poolMaxTotal(32)
 *     .timeout(Duration.ofMillis(500))
 *     .build()
 *     .toProperties();
 * CacheManager manager = Caching.getCachingProvider()
 *     .getCacheManager(URI.create("rediss://redis.internal:6380/0"), null, properties);
 * }</pre>
 *
 * <p>When the manager URI is a {@code redis://}, {@code rediss://} or {@code unix://} URL it names the server, and a
 * {@link Builder#url(String) url} set here is ignored; keep the password out of that URI ({@code
 * CacheManager.getURI()} returns it as given) and set it with {@link Builder#password(String)}. The url set here is
 * used with the provider's default URI or a configuration file URI. {@link #toString()} never shows passwords.
 */
public final class RedisConfig {

  private final Properties properties;

  private RedisConfig(Properties properties) {
    this.properties = properties;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new Properties object holding the settings, to pass to {@code getCacheManager(uri, classLoader, properties)}. */
  public Properties toProperties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** The settings, with passwords left out. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RedisConfig[");
    String separator = "";
    for (Map.Entry<Object, Object> entry : properties.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      String shown = name.contains("password") ? "****"
          : name.equals(RedisSettings.URL) ? RedisEndpoint.redact((String) value)
          : value instanceof String ? (String) value : value.getClass().getName();
      text.append(separator).append(name).append('=').append(shown);
      separator = ", ";
    }
    return text.append(']').toString();
  }

  /** Sets the settings of a {@link RedisConfig}; each method returns this builder. */
  public static final class Builder {

    private final Properties properties = new Properties();

    private Builder() {
    }

    /** Any setting by its full name ({@code jcache.redis....}); null removes it. */
    public Builder set(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        properties.remove(name);
      } else {
        properties.setProperty(name, value);
      }
      return this;
    }

    /** {@value RedisSettings#URL}: {@code redis://}, {@code rediss://} or {@code unix://}. */
    public Builder url(String url) {
      return set(RedisSettings.URL, url);
    }

    /** {@value RedisSettings#PREFIX}. */
    public Builder prefix(String prefix) {
      return set(RedisSettings.PREFIX, prefix);
    }

    /** {@value RedisSettings#DATABASE}. */
    public Builder database(int database) {
      return set(RedisSettings.DATABASE, Integer.toString(database));
    }

    /** {@value RedisSettings#USER}. */
    public Builder user(String user) {
      return set(RedisSettings.USER, user);
    }

    /** {@value RedisSettings#PASSWORD}. */
    public Builder password(String password) {
      return set(RedisSettings.PASSWORD, password);
    }

    /** {@value RedisSettings#TIMEOUT}. */
    public Builder timeout(Duration timeout) {
      return set(RedisSettings.TIMEOUT, millis(timeout));
    }

    /** {@value RedisSettings#CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      return set(RedisSettings.CONNECT_TIMEOUT, millis(timeout));
    }

    /** {@value RedisSettings#CLIENT_NAME}. */
    public Builder clientName(String clientName) {
      return set(RedisSettings.CLIENT_NAME, clientName);
    }

    /** {@value RedisSettings#CONNECTION_MODE}. */
    public Builder connectionMode(ConnectionMode mode) {
      return set(RedisSettings.CONNECTION_MODE, mode == null ? null : mode.text());
    }

    /** {@value RedisSettings#MULTIPLEXED_CONNECTIONS}. */
    public Builder multiplexedConnections(int connections) {
      return set(RedisSettings.MULTIPLEXED_CONNECTIONS, Integer.toString(connections));
    }

    /** {@value RedisSettings#POOL_MAX_TOTAL}. */
    public Builder poolMaxTotal(int maxTotal) {
      return set(RedisSettings.POOL_MAX_TOTAL, Integer.toString(maxTotal));
    }

    /** {@value RedisSettings#POOL_MAX_IDLE}. */
    public Builder poolMaxIdle(int maxIdle) {
      return set(RedisSettings.POOL_MAX_IDLE, Integer.toString(maxIdle));
    }

    /** {@value RedisSettings#POOL_MIN_IDLE}. */
    public Builder poolMinIdle(int minIdle) {
      return set(RedisSettings.POOL_MIN_IDLE, Integer.toString(minIdle));
    }

    /** {@value RedisSettings#POOL_MAX_WAIT}. */
    public Builder poolMaxWait(Duration maxWait) {
      return set(RedisSettings.POOL_MAX_WAIT, millis(maxWait));
    }

    /** {@value RedisSettings#POOL_TEST_ON_BORROW}. */
    public Builder poolTestOnBorrow(boolean test) {
      return set(RedisSettings.POOL_TEST_ON_BORROW, Boolean.toString(test));
    }

    /** {@value RedisSettings#POOL_TEST_WHILE_IDLE}. */
    public Builder poolTestWhileIdle(boolean test) {
      return set(RedisSettings.POOL_TEST_WHILE_IDLE, Boolean.toString(test));
    }

    /** {@value RedisSettings#POOL_TIME_BETWEEN_EVICTION_RUNS}. */
    public Builder poolTimeBetweenEvictionRuns(Duration interval) {
      return set(RedisSettings.POOL_TIME_BETWEEN_EVICTION_RUNS, millis(interval));
    }

    /** {@value RedisSettings#POOL_MIN_EVICTABLE_IDLE}. */
    public Builder poolMinEvictableIdle(Duration idle) {
      return set(RedisSettings.POOL_MIN_EVICTABLE_IDLE, millis(idle));
    }

    /** {@value RedisSettings#SSL_TRUSTSTORE} and its password (null when it has none), type PKCS12. */
    public Builder truststore(Path truststore, String password) {
      set(RedisSettings.SSL_TRUSTSTORE, truststore == null ? null : truststore.toString());
      return set(RedisSettings.SSL_TRUSTSTORE_PASSWORD, password);
    }

    /** {@value RedisSettings#SSL_TRUSTSTORE_TYPE}: {@code PKCS12} (default) or {@code JKS}. */
    public Builder truststoreType(String type) {
      return set(RedisSettings.SSL_TRUSTSTORE_TYPE, type);
    }

    /** {@value RedisSettings#SSL_VERIFY_HOSTNAME}. */
    public Builder verifyHostname(boolean verify) {
      return set(RedisSettings.SSL_VERIFY_HOSTNAME, Boolean.toString(verify));
    }

    /** {@value RedisSettings#CLIENT_FACTORY}: this factory creates the manager's client; null removes it. */
    public Builder clientFactory(RedisClientFactory factory) {
      if (factory == null) {
        properties.remove(RedisSettings.CLIENT_FACTORY);
      } else {
        properties.put(RedisSettings.CLIENT_FACTORY, factory);
      }
      return this;
    }

    /** The settings made so far; the builder can go on being used. */
    public RedisConfig build() {
      Properties copy = new Properties();
      copy.putAll(properties);
      return new RedisConfig(copy);
    }

    private static String millis(Duration duration) {
      return duration == null ? null : Long.toString(duration.toMillis());
    }
  }
}
