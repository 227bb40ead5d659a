package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redis Cluster of three masters, each with a replica (cluster-node-timeout 1000 ms), started for each test. A
 * master is stopped; once the cluster has promoted its replica the same manager, without restart, reads every entry
 * the replica had acknowledged (WAIT) and writes again: under a load of threads doing put and get without pause, and
 * with bulk operations alone (which must find the new master without a single-key command renewing the slot map).
 */
@AlsoMultiplexedOnCluster
@WithRedis
@Timeout(120)
class ClusterReplicaFailoverTest {

  private static final String FAST = "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500";
  private static final long FAILOVER_TIMEOUT_MILLIS = 20_000;
  /** How long after the promotion is seen the cache must work again (a call may retry for 5 × 500 ms). */
  private static final long RECOVERY_MILLIS = 10_000;
  private static final int ENTRIES = 300;
  private static final int LOAD_THREADS = 4;

  private ClusterTestServers cluster;
  /** Master port to its replica's port. */
  private Map<Integer, Integer> replicaOf;
  private final List<CacheManager> managers = new ArrayList<>();
  private PutGetLoad load;

  @BeforeEach
  void start(@ServerSettings("cluster-node-timeout 1000") ClusterTestServers ownCluster) throws Exception {
    cluster = ownCluster;
    replicaOf = cluster.addReplicas();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (load != null) {
      load.stop();
    }
    managers.forEach(CacheManager::close);
  }

  /** A manager with its own pools (managers are scoped by URI and class loader). */
  private Cache<String, String> cache(String query) {
    ClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(cluster.url() + query), loader);
    managers.add(manager);
    Cache<String, String> cache = manager.getCache("replicated", String.class, String.class);
    return cache != null ? cache : manager.createCache("replicated",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static Map<String, String> entries(String prefix, int count) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(prefix + i, "v" + i);
    }
    return entries;
  }

  /** Every master's replica has every write its master executed so far. */
  private void awaitReplicated() {
    replicaOf.keySet().forEach(cluster::awaitReplicated);
  }

  private boolean promoted(int replica) {
    return cluster.ownerOf(ClusterTestServers.SLOTS / 2) == replica;
  }

  private static String lastFew(List<?> failures) {
    return failures.subList(Math.max(0, failures.size() - 5), failures.size()).toString();
  }

  @Test
  void readsEveryAcknowledgedEntryAfterTheReplicaIsPromoted() throws Exception {
    Cache<String, String> cache = cache(FAST);
    Map<String, String> entries = entries("k", ENTRIES);
    cache.putAll(entries);
    cache.put("single", "value");
    entries.put("single", "value");

    load = new PutGetLoad(cache, LOAD_THREADS);
    load.awaitPuts(Long.MIN_VALUE, 50, 10_000);
    long replicated = System.nanoTime(); // every put that returned before this is on the replicas after WAIT
    awaitReplicated();

    int stopped = cluster.ownerOf(ClusterTestServers.SLOTS / 2);
    int promoted = replicaOf.get(stopped);
    cluster.stop(stopped);
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    long deadline = System.currentTimeMillis() + FAILOVER_TIMEOUT_MILLIS;
    Map<String, String> read;
    while (true) {
      try {
        read = cache.getAll(entries.keySet());
        cache.put("after", "failover");
        if (read.size() == entries.size()) {
          break;
        }
        failures.add("only " + read.size() + " entries read");
      } catch (CacheException e) {
        failures.add(e.getMessage());
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("The cache did not work again within " + FAILOVER_TIMEOUT_MILLIS + " ms: "
            + lastFew(failures));
      }
      Thread.sleep(100);
    }
    long recoveredMillis = (System.nanoTime() - start) / 1_000_000;
    while (!promoted(promoted)) {
      assertTrue(System.currentTimeMillis() < deadline, "the replica took over the slots");
      Thread.sleep(20);
    }
    long promotedAt = System.nanoTime(); // a put that started after this went to a master that stays
    load.awaitPuts(promotedAt, 50, RECOVERY_MILLIS);
    load.stop();

    assertEquals(entries, read);
    assertEquals("failover", cache.get("after"));
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      assertEquals(entry.getValue(), cache.get(entry.getKey()), entry.getKey());
    }
    cache.putAll(Map.of("p1", "1", "p2", "2", "p3", "3"));
    assertEquals("2", cache.get("p2"));
    assertTrue(cache.remove("p3"));
    Set<String> iterated = new HashSet<>();
    cache.forEach(entry -> iterated.add(entry.getKey()));
    assertTrue(iterated.containsAll(entries.keySet()), "iteration covers the promoted replica");
    assertTrue(iterated.containsAll(Set.of("after", "p1", "p2")));
    assertEquals(promoted, cluster.ownerOf(ClusterTestServers.SLOTS / 2), "the replica took over the slots");

    Map<String, String> beforeStop = load.puts(put -> put.returned() - replicated < 0);
    Map<String, String> afterPromotion = load.puts(put -> put.started() - promotedAt > 0);
    assertEquals(beforeStop, cache.getAll(beforeStop.keySet()), "every put replicated before the stop is readable");
    assertEquals(afterPromotion, cache.getAll(afterPromotion.keySet()), "every put after the promotion is readable");
    load.assertFailuresAreRedisFailures();
    System.out.println("Cluster failover: usable again after " + recoveredMillis + " ms, " + failures.size()
        + " failed reads meanwhile; load of " + LOAD_THREADS + " threads: " + load + ", " + beforeStop.size()
        + " puts checked from before the stop, " + afterPromotion.size() + " from after the promotion"
        + (failures.isEmpty() ? "" : "; e.g. " + failures.get(0)));
  }

  @Test
  void bulkOperationsAloneFindThePromotedReplica() throws Exception {
    Cache<String, String> cache = cache(FAST);
    Cache<String, String> tolerant = cache(FAST + "&ignore-exceptions=true");
    Map<String, String> entries = entries("k", ENTRIES);
    cache.putAll(entries);
    awaitReplicated();

    int stopped = cluster.ownerOf(ClusterTestServers.SLOTS / 2);
    int promoted = replicaOf.get(stopped);
    cluster.stop(stopped);
    long stoppedAt = System.currentTimeMillis();
    assertDoesNotThrow(() -> tolerant.getAll(entries.keySet()), "an ignoring cache throws nothing meanwhile");
    List<String> failures = new ArrayList<>();
    Map<String, String> written = new HashMap<>();
    long promotedAt = 0;
    for (int round = 0; ; round++) {
      Map<String, String> batch = entries("bulk" + round + "-", 50);
      try {
        Map<String, String> read = cache.getAll(entries.keySet());
        cache.putAll(batch);
        written.putAll(batch);
        if (read.equals(entries)) {
          break;
        }
        failures.add("read " + read.size() + " entries");
      } catch (CacheException e) {
        assertInstanceOf(RedisFailureException.class, e, "a call during the outage fails with");
        failures.add(e.getMessage());
      }
      long now = System.currentTimeMillis();
      if (promotedAt == 0 && promoted(promoted)) {
        promotedAt = now;
      }
      if (promotedAt != 0 && now > promotedAt + RECOVERY_MILLIS || now > stoppedAt + FAILOVER_TIMEOUT_MILLIS) {
        throw new AssertionError("getAll and putAll alone did not work again "
            + (promotedAt == 0 ? "(no promotion seen)" : (now - promotedAt) + " ms after the promotion") + ": "
            + lastFew(failures));
      }
      Thread.sleep(100);
    }
    long recoveredMillis = System.currentTimeMillis() - stoppedAt;

    assertEquals(promoted, cluster.ownerOf(ClusterTestServers.SLOTS / 2), "the replica took over the slots");
    assertEquals(written, cache.getAll(written.keySet()), "every putAll that returned is readable");
    cache.removeAll(entries.keySet());
    assertEquals(Map.of(), cache.getAll(entries.keySet()));
    assertEquals(written, tolerant.getAll(written.keySet()));
    System.out.println("Cluster failover, bulk operations only: usable again after " + recoveredMillis + " ms, "
        + failures.size() + " failed rounds meanwhile" + (failures.isEmpty() ? "" : "; e.g. " + failures.get(0)));
  }

  /** A put that returned normally: its key, value and when it started and returned (System.nanoTime). */
  private record Put(String key, String value, long started, long returned) {
  }

  /** Threads each putting a new key and reading an earlier one, without pause, until stopped. */
  private static final class PutGetLoad {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<ConcurrentLinkedQueue<Put>> puts = new ArrayList<>();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile String lastFailure = "";
    /** The first few failures that are not RedisFailureExceptions (kept few: failing calls may not pause). */
    private final ConcurrentLinkedQueue<RuntimeException> unexpected = new ConcurrentLinkedQueue<>();

    PutGetLoad(Cache<String, String> cache, int count) {
      for (int t = 0; t < count; t++) {
        ConcurrentLinkedQueue<Put> done = new ConcurrentLinkedQueue<>();
        puts.add(done);
        String prefix = "load" + t + "-";
        Thread thread = new Thread(() -> {
          for (int i = 0; running.get(); i++) {
            try {
              long started = System.nanoTime();
              cache.put(prefix + i, "x" + i);
              done.add(new Put(prefix + i, "x" + i, started, System.nanoTime()));
              cache.get(prefix + i / 2);
              gets.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              lastFailure = e.getMessage();
              if (!(e instanceof RedisFailureException) && unexpected.size() < 5) {
                unexpected.add(e);
              }
            }
          }
        }, "put-get-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    /** Waits until each thread has returned from {@code count} puts that started after {@code since} (nanoTime). */
    void awaitPuts(long since, int count, long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      for (ConcurrentLinkedQueue<Put> done : puts) {
        while (done.stream().filter(put -> since == Long.MIN_VALUE || put.started() - since > 0).count() < count) {
          assertTrue(System.currentTimeMillis() < deadline, "each load thread puts " + count + " entries within "
              + timeoutMillis + " ms; " + this + ", last failure: " + lastFailure);
          Thread.sleep(20);
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
        assertFalse(thread.isAlive(), thread.getName() + " stopped");
      }
    }

    /** The keys and values of the puts that returned normally and match. */
    Map<String, String> puts(Predicate<Put> which) {
      Map<String, String> selected = new HashMap<>();
      puts.forEach(done -> done.stream().filter(which).forEach(put -> selected.put(put.key(), put.value())));
      return selected;
    }

    /** A call during the outage fails with the provider's exception for Redis failures, not anything else. */
    void assertFailuresAreRedisFailures() {
      assertEquals(List.of(), List.copyOf(unexpected));
    }

    @Override
    public String toString() {
      return puts.stream().mapToInt(ConcurrentLinkedQueue::size).sum() + " puts and " + gets + " gets returned, "
          + failed + " calls failed";
    }
  }
}
