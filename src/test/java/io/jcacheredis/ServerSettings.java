package io.jcacheredis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * redis.conf lines for a server {@link RedisServerExtension} starts for the annotated parameter: for a
 * {@link RedisTestServer} ({@code @ServerSettings("requirepass x") RedisTestServer server}), or for a
 * {@link ClusterTestServers} parameter, which then is a cluster of the test's own (three masters, every node with
 * these lines) instead of the shared one: {@code @ServerSettings({}) ClusterTestServers cluster} for a cluster of
 * the test's own without extra lines, to reshape or stop as it likes.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ServerSettings {

  String[] value();
}
