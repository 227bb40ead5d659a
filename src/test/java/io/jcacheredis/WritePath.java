package io.jcacheredis;

import java.io.Serializable;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The ways a cache carries out its writes (see RedisCache and EntryStore#put), for tests that must hold on each: a
 * configuration puts a cache on one of them. What the paths have in common (events, statistics) is computed from
 * different replies on each.
 */
public enum WritePath {

  /** No expiry and no writer: one plain command per write (SET, SET ... GET, SET NX, GETDEL). */
  DIRECT,
  /** A standard expiry policy with a creation TTL: the conditional writes run the put script (put.lua). */
  DIRECT_SCRIPT,
  /** A caller-defined expiry policy: each write reads the entry, decides in this JVM and compare-and-sets. */
  READ_DECIDE_WRITE;

  /** Sets the expiry policy that puts a cache on this path; returns the same configuration. */
  public <K, V> MutableConfiguration<K, V> configure(MutableConfiguration<K, V> configuration) {
    switch (this) {
      case DIRECT_SCRIPT:
        return configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR));
      case READ_DECIDE_WRITE:
        return configuration.setExpiryPolicyFactory(FactoryBuilder.factoryOf(new EternalByHand()));
      default:
        return configuration;
    }
  }

  /**
   * A caller-defined policy (so not one the cache can apply inside Redis: it must call it in this JVM) that keeps
   * entries forever, as no policy at all would.
   */
  public static final class EternalByHand implements ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Duration getExpiryForCreation() {
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }
}
