package io.jcacheredis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class of a cluster of its own (a stopped master, a slot migration, a failover, a scale-out) that runs
 * again in the surefire execution {@code multiplexed-cluster} of the root pom, with {@code
 * jcache.redis.connection-mode=multiplexed} for every manager that does not set the mode: the cluster's failures and
 * redirections are handled on shared connections as on pooled ones. That execution also runs the {@link
 * AlsoOnCluster} classes on the shared cluster in that mode.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AlsoMultiplexedOnCluster.TAG)
public @interface AlsoMultiplexedOnCluster {

  /** The JUnit tag, as the pom's {@code <groups>} names it. */
  String TAG = "also-multiplexed-on-cluster";
}
