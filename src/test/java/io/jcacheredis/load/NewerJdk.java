package io.jcacheredis.load;

import io.jcacheredis.configuration.RedisSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JDK with virtual threads (21 or later) beside the Java 17 that builds and tests the project: the one named by
 * {@code -Djcache.redis.test.jdk21-home}, else the newest under {@code /usr/lib/jvm} (these machines carry Temurin 25).
 */
final class NewerJdk {

  static final String PROPERTY = "jcache.redis.test.jdk21-home";

  private NewerJdk() {
  }

  /**
   * Runs {@code main} with these arguments in a child JVM of such a JDK, on the tests' class path, and returns what it
   * printed (standard output and error); fails unless it ends with exit code 0 within {@code seconds}.
   */
  static List<String> run(Class<?> main, long seconds, String... args) throws IOException, InterruptedException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java().toString(), "-cp", classPath));
    String mode = System.getProperty(RedisSettings.CONNECTION_MODE);
    if (mode != null) { // the surefire run's connection mode holds in the child too
      command.add("-D" + RedisSettings.CONNECTION_MODE + "=" + mode);
    }
    command.add(main.getName());
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
      }
    }
    if (!child.waitFor(seconds, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("The child JVM " + command.get(0) + " did not end: " + String.join("\n", output));
    }
    if (child.exitValue() != 0) {
      throw new AssertionError("The child JVM " + command.get(0) + " failed: " + String.join("\n", output));
    }
    return output;
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
