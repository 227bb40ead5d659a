package io.jcacheredis.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A JDK with virtual threads (21 or later) beside the Java 17 that builds and tests the project: the one named by
 * {@code -Djcache.redis.test.jdk21-home}, else the newest under {@code /usr/lib/jvm} (these machines carry Temurin 25).
 */
final class NewerJdk {

  static final String PROPERTY = "jcache.redis.test.jdk21-home";

  private NewerJdk() {
  }

  /** The {@code java} launcher of such a JDK; fails naming the setting when there is none. */
  static Path java() throws IOException {
    String configured = System.getProperty(PROPERTY);
    Optional<Path> home = configured != null ? Optional.of(Path.of(configured)) : newestUnder(Path.of("/usr/lib/jvm"));
    Path java = home.map(h -> h.resolve("bin/java")).filter(Files::isExecutable).orElseThrow(() ->
        new AssertionError("No JDK 21+ found for the virtual-thread run: install one (e.g. Temurin 25 under"
            + " /usr/lib/jvm) or pass -D" + PROPERTY + "=/path/to/jdk"));
    return java;
  }

  private static Optional<Path> newestUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(dir)) {
      return homes.filter(home -> featureVersion(home) >= 21)
          .max(Comparator.comparingInt(NewerJdk::featureVersion));
    }
  }

  /** The JDK's feature version from its {@code release} file, 0 if unknown. */
  static int featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
    try {
      return Integer.parseInt(version.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
