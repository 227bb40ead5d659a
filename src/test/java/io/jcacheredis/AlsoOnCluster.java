package io.jcacheredis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs twice in {@code mvn test}: on one server, then again, with the same assertions, on an
 * embedded 3-master Redis Cluster (the surefire execution {@code cluster} of the root pom selects this tag and sets
 * {@value TestRedis#TOPOLOGY}{@code =cluster}, so {@link TestRedis} hands out a {@code redis-cluster://} URL). For
 * tests of the cache semantics that hold on any topology; tests that stop servers of their own, need one server's
 * CLIENT LIST, ACL, TLS or Unix socket, or start their own topology stay single.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AlsoOnCluster.TAG)
public @interface AlsoOnCluster {

  /** The JUnit tag, as the pom's {@code <groups>} names it. */
  String TAG = "also-on-cluster";
}
