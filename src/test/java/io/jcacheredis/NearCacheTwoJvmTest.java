package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JVMs: a child JVM writes versions 1, 2, 3... of one entry and prints when each write was acknowledged; this
 * JVM reads the entry through its near cache all the while. No read may see a version older than one acknowledged
 * more than the invalidation bound before the read started, and the versions read never go backwards.
 */
@Timeout(120)
class NearCacheTwoJvmTest {

  private static final int VERSIONS = 500;
  private static final long BOUND_MILLIS = NearCacheTest.INVALIDATION_BOUND_MILLIS;

  /** A read: when it started (wall clock, comparable with the child's) and the version it saw. */
  private record Read(long startedMillis, int version) {
  }

  @Test
  void aReaderInAnotherJvmNeverSeesVersionsGoBackOrLagBeyondTheBound() throws Exception {
    String name = TestRedis.uniqueName("near-jvm");
    CacheManager manager = NearCacheTest.nearCachedManager(TestRedis.uri());
    try {
      Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.put("k", "0");
      cache.get("k");
      NearCacheTest.awaitLive(manager);

      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Process child = new ProcessBuilder(java.toString(), "-cp", classPath, NearCacheTwoJvmTest.class.getName(),
          TestRedis.url(), name, Integer.toString(VERSIONS)).redirectErrorStream(true).start();
      Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
      List<String> output = new ArrayList<>();
      Thread childOutput = new Thread(() -> readOutput(child, acknowledged, output));
      childOutput.start();

      List<Read> reads = new ArrayList<>();
      while (child.isAlive()) {
        long started = System.currentTimeMillis();
        reads.add(new Read(started, Integer.parseInt(cache.get("k"))));
      }
      childOutput.join();
      assertEquals(0, child.waitFor(), "the writer JVM: " + String.join("\n", output));
      assertEquals(VERSIONS, acknowledged.size(), "every write acknowledged: " + String.join("\n", output));

      List<String> violations = violations(reads, new TreeMap<>(acknowledged));
      assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())), violations.size() + " reads");
      assertTrue(reads.size() > VERSIONS, "read all the while: " + reads.size() + " reads");
      printVisibilityDelays(reads, acknowledged);
      assertEquals(Integer.toString(VERSIONS), cache.get("k"));
    } finally {
      manager.destroyCache(name);
      manager.close();
    }
  }

  private static void readOutput(Process child, Map<Integer, Long> acknowledged, List<String> output) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ack")) {
          acknowledged.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } else {
          synchronized (output) {
            output.add(line);
          }
        }
      }
    } catch (java.io.IOException e) {
      synchronized (output) {
        output.add("reading the child's output failed: " + e);
      }
    }
  }

  private static List<String> violations(List<Read> reads, TreeMap<Integer, Long> acknowledged) {
    List<String> violations = new ArrayList<>();
    int highest = 0;
    for (Read read : reads) {
      if (read.version() < highest) {
        violations.add("went back from " + highest + " to " + read.version());
      }
      highest = Math.max(highest, read.version());
      for (Map.Entry<Integer, Long> newer : acknowledged.tailMap(read.version() + 1).entrySet()) {
        if (read.startedMillis() - newer.getValue() > BOUND_MILLIS) {
          violations.add("read " + read.version() + " although " + newer.getKey() + " was acknowledged "
              + (read.startedMillis() - newer.getValue()) + " ms before the read started");
          break;
        }
      }
    }
    return violations;
  }

  /**
   * Prints (never asserts: speed is the benchmark's business) how long after its acknowledgement in the writer JVM
   * each version was first seen here: invalidation latency plus at most one read, in wall-clock milliseconds.
   */
  private static void printVisibilityDelays(List<Read> reads, Map<Integer, Long> acknowledged) {
    List<Long> delays = new ArrayList<>();
    int next = 0;
    for (int v = 1; v <= VERSIONS; v++) {
      while (next < reads.size() && reads.get(next).version() < v) {
        next++;
      }
      if (next < reads.size() && acknowledged.containsKey(v)) {
        delays.add(Math.max(0, reads.get(next).startedMillis() - acknowledged.get(v)));
      }
    }
    delays.sort(null);
    if (!delays.isEmpty()) {
      System.out.printf("Near cache, two JVMs: a write acknowledged there is seen here after (ms) p50 %d, p99 %d,"
          + " max %d (%d versions, %d reads)%n", delays.get(delays.size() / 2),
          delays.get(Math.min(delays.size() - 1, delays.size() * 99 / 100)), delays.get(delays.size() - 1),
          delays.size(), reads.size());
    }
  }

  /** The writer JVM: arguments are the Redis URL, the cache name and the number of versions to write. */
  public static void main(String[] args) throws Exception {
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(args[0]),
        NearCacheTwoJvmTest.class.getClassLoader());
    try {
      Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
      int versions = Integer.parseInt(args[2]);
      for (int v = 1; v <= versions; v++) {
        cache.put("k", Integer.toString(v));
        System.out.println("ack " + v + " " + System.currentTimeMillis());
        TimeUnit.MILLISECONDS.sleep(2);
      }
    } finally {
      manager.close();
    }
  }
}
