package io.jcacheredis.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.AlsoOnCluster;
import io.jcacheredis.TestRedis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many callers on a healthy Redis with the default settings (a pool of 16, a 2 s max wait; on a cluster, per master):
 * no call fails, however many wait for a connection. Each run prints its longest call and throughput.
 */
@AlsoOnCluster
@Timeout(120)
class HealthyLoadTest {

  private static final Duration RUN = Duration.ofSeconds(12);

  @Test
  void twoHundredFiftySixPlatformThreadsNeverFail() throws Exception {
    CacheManager manager = TestRedis.defaultManager();
    String name = TestRedis.uniqueName("load");
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    try {
      LoadRun.Result result = LoadRun.run(cache, Thread::new, 256, RUN);
      report("256 platform threads", result);
    } finally {
      manager.destroyCache(name);
    }
  }

  @Test
  void aThousandVirtualThreadsOnANewerJdkNeverFail() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = List.of(NewerJdk.java().toString(), "-cp", classPath, LoadRun.class.getName(),
        TestRedis.url(), "virtual", "1000", Long.toString(RUN.toSeconds()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    LoadRun.Result result = null;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (LoadRun.Result.parse(line) != null) {
          result = LoadRun.Result.parse(line);
        }
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
    assertEquals(0, child.exitValue(), "child JVM " + command.get(0) + ": " + String.join("\n", output));
    assertNotNull(result, "the child JVM printed its result: " + String.join("\n", output));
    report("1000 virtual threads (" + command.get(0) + ")", result);
  }

  private static void report(String what, LoadRun.Result result) {
    System.out.println(what + ": " + result.calls() + " calls, " + result.failures() + " failed, longest "
        + result.longestMillis() + " ms, " + result.throughput() + " calls/s");
    assertTrue(result.calls() > 10_000, "the load ran: " + result.line());
    assertEquals(0, result.failures(), what + ": " + result.line());
  }
}
