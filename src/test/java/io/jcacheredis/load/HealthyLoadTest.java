package io.jcacheredis.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.AlsoOnCluster;
import io.jcacheredis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
    List<String> output = NewerJdk.run(LoadRun.class, 60, TestRedis.url(), "virtual", "1000",
        Long.toString(RUN.toSeconds()));
    LoadRun.Result result = output.stream().map(LoadRun.Result::parse).filter(Objects::nonNull).findFirst()
        .orElseThrow(() -> new AssertionError("the child JVM printed its result: " + String.join("\n", output)));
    report("1000 virtual threads", result);
  }

  private static void report(String what, LoadRun.Result result) {
    System.out.println(what + ": " + result.calls() + " calls, " + result.failures() + " failed, longest "
        + result.longestMillis() + " ms, " + result.throughput() + " calls/s");
    assertTrue(result.calls() > 10_000, "the load ran: " + result.line());
    assertEquals(0, result.failures(), what + ": " + result.line());
  }
}
