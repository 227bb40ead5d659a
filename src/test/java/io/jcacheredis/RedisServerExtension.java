package io.jcacheredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the Redis it needs as a parameter, started on first use and stopped when the test is done, instead
 * of per-class set-up code ({@code freePort()}, {@code startServer(port)}, an {@code @AfterEach} that stops it).
 * Register it with {@link WithRedis} (or {@code @ExtendWith}). Parameters it resolves, in test, constructor and
 * lifecycle methods:
 *
 * <ul>
 *   <li>{@link RedisTestServer}: an embedded server of the test's own, with the redis.conf lines of
 *       {@link ServerSettings} if the parameter has them;
 *   <li>{@link ClusterTestServers}: the cluster of this test JVM ({@link ClusterTestServers#shared()}, never
 *       stopped by the extension), or with {@link ServerSettings} a three-master cluster of the test's own;
 *   <li>{@link SentinelTestServers}: a master, a replica and a sentinel of the test's own.
 * </ul>
 *
 * <p>What it starts belongs to the scope the parameter is resolved in: a parameter of a test method, or of an
 * {@code @BeforeEach} / {@code @AfterEach} method, to that one test (the {@code @BeforeEach} method and the test
 * get the same server), stopped after the {@code @AfterEach} methods ran (so they can still close managers on it);
 * a parameter of a {@code @BeforeAll} method to the whole class, stopped after the {@code @AfterAll} methods. Within
 * one scope a parameter type with the same settings is one server; a scope sees its class's servers.
 */
public final class RedisServerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);
  private static final List<Class<?>> TYPES =
      List.of(RedisTestServer.class, ClusterTestServers.class, SentinelTestServers.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Parameter declared = parameter.getParameter();
    Class<?> type = declared.getType();
    ServerSettings annotation = declared.getAnnotation(ServerSettings.class);
    String[] settings = annotation == null ? new String[0] : annotation.value();
    if (type == ClusterTestServers.class && annotation == null) {
      return ClusterTestServers.shared(); // the JVM's cluster: stopped at the end of the run, not here
    }
    // Values of the store that are AutoCloseable are closed, in reverse order, when its scope ends.
    String key = type.getName() + Arrays.toString(settings);
    try {
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> start(type, settings), AutoCloseable.class);
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new ParameterResolutionException("Cannot start " + type.getSimpleName() + " for "
          + declared.getDeclaringExecutable() + ": " + e.getMessage(), e);
    }
  }

  private static AutoCloseable start(Class<?> type, String[] settings) {
    try {
      if (type == RedisTestServer.class) {
        return RedisTestServer.start(settings);
      }
      if (type == ClusterTestServers.class) {
        return ClusterTestServers.start(3, settings);
      }
      return SentinelTestServers.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
