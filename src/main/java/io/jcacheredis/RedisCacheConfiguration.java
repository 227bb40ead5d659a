package io.jcacheredis;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache {@link MutableConfiguration} with the Redis-specific options of one cache. Use it in place of
 * MutableConfiguration when creating a cache; every standard option works as there.
 *
 * <p>{@link #setIgnoreExceptions(Boolean) ignoreExceptions}: when Redis fails (down, timing out), reads of this cache
 * behave as misses, writes are dropped, entry processors run on an empty entry whose changes are dropped, and
 * nothing throws; the failures are logged if the manager says so ({@code jcache.redis.log-ignored-exceptions}).
 * {@code null} (the default) follows the manager-wide setting {@code jcache.redis.ignore-exceptions}.
 */
public class RedisCacheConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private Boolean ignoreExceptions;

  public RedisCacheConfiguration() {
  }

  /** Copies a configuration (and, when it is one, its Redis options). */
  public RedisCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof RedisCacheConfiguration) {
      this.ignoreExceptions = ((RedisCacheConfiguration<K, V>) configuration).ignoreExceptions;
    }
  }

  /** Whether Redis failures are ignored for this cache; null follows the manager's setting. */
  public Boolean getIgnoreExceptions() {
    return ignoreExceptions;
  }

  public RedisCacheConfiguration<K, V> setIgnoreExceptions(Boolean ignoreExceptions) {
    this.ignoreExceptions = ignoreExceptions;
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other) && other instanceof RedisCacheConfiguration
        && java.util.Objects.equals(ignoreExceptions, ((RedisCacheConfiguration<?, ?>) other).ignoreExceptions);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + java.util.Objects.hashCode(ignoreExceptions);
  }
}
