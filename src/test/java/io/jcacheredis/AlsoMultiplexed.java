package io.jcacheredis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class of one server (not run on a cluster, unlike {@link AlsoOnCluster}) that runs again in the
 * surefire execution {@code multiplexed} of the root pom, with {@code jcache.redis.connection-mode=multiplexed} for
 * every manager that does not set the mode: what it checks holds on shared connections as on pooled ones (the async
 * extension's failures, for one).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AlsoMultiplexed.TAG)
public @interface AlsoMultiplexed {

  /** The JUnit tag, as the pom's {@code <groups>} names it. */
  String TAG = "also-multiplexed";
}
