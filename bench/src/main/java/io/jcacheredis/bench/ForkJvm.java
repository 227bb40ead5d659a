package io.jcacheredis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JVM a benchmark's forks run in: this one's {@code java}, or for the virtual-thread row a JDK of Java 21 or later
 * whose JMH runs the benchmark threads as virtual threads ({@code -Djmh.executor=VIRTUAL}, JMH 1.37); and the
 * arguments every fork gets (heap, the server's URL, the multiplexed contender's connections when set).
 */
record ForkJvm(String java, List<String> args) {

  /** JMH's executor setting that makes the benchmark threads virtual. */
  static final String VIRTUAL_EXECUTOR = "-Djmh.executor=VIRTUAL";

  /** The multiplexed contender's connections per node, passed on to the forks when set. */
  static final String MULTIPLEXED_CONNECTIONS = "bench.multiplexed-connections";

  /** The JDK the virtual-thread row uses unless {@code bench.virtual-jdk} names another. */
  static final String DEFAULT_VIRTUAL_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";

  /** Forks in this JVM's {@code java}; {@code url}, when not null, goes to them as {@code -Djcache.redis.url}. */
  static ForkJvm platform(String url) {
    List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    if (url != null) {
      args.add("-D" + Servers.URL_PROPERTY + "=" + url);
    }
    String connections = System.getProperty(MULTIPLEXED_CONNECTIONS);
    if (connections != null) {
      args.add("-D" + MULTIPLEXED_CONNECTIONS + "=" + Integer.parseInt(connections.trim()));
    }
    return new ForkJvm(null, List.copyOf(args));
  }

  /**
   * Forks in the JDK {@code bench.virtual-jdk} names (default {@value #DEFAULT_VIRTUAL_JDK}) with virtual benchmark
   * threads, or null when that JDK is not there (the row is then left out, and the run says so).
   */
  static ForkJvm virtual(ForkJvm platform) {
    Path java = Path.of(System.getProperty("bench.virtual-jdk", DEFAULT_VIRTUAL_JDK), "bin", "java");
    if (!Files.isExecutable(java)) {
      return null;
    }
    List<String> args = new ArrayList<>(platform.args());
    args.add(VIRTUAL_EXECUTOR);
    return new ForkJvm(java.toString(), List.copyOf(args));
  }

  /** Whether a benchmark ran with virtual benchmark threads. */
  static boolean isVirtual(BenchmarkParams params) {
    return params.getJvmArgs().contains(VIRTUAL_EXECUTOR);
  }
}
