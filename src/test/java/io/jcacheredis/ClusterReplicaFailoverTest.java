package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of three masters, each with a replica (cluster-node-timeout 1000 ms). Entries are written and
 * acknowledged by the replicas (WAIT), a master is stopped while another thread keeps using the cache, and once the
 * cluster has promoted its replica the same manager, without restart, reads every acknowledged entry and writes again.
 */
class ClusterReplicaFailoverTest {

  private static final String HOST = "127.0.0.1";
  private static final long FAILOVER_TIMEOUT_MILLIS = 20_000;
  private static final int ENTRIES = 300;

  private static ClusterTestServers cluster;
  /** Master port to its replica's port. */
  private static final Map<Integer, Integer> replicaOf = new HashMap<>();
  private static CacheManager manager;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterTestServers.start(3, "cluster-node-timeout 1000");
    List<Integer> masters = cluster.ports();
    for (int master : masters) {
      int replica = cluster.addMaster(); // a node without slots, turned into the master's replica
      String masterId;
      try (Jedis node = new Jedis(HOST, master)) {
        masterId = node.clusterMyId();
      }
      try (Jedis node = new Jedis(HOST, replica)) {
        node.clusterReplicate(masterId);
      }
      replicaOf.put(master, replica);
    }
    long deadline = System.currentTimeMillis() + 15_000;
    for (int master : masters) {
      try (Jedis node = new Jedis(HOST, master)) {
        while (!node.info("replication").contains("connected_slaves:1")
            || !node.info("replication").contains("state=online")) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("No replica of " + master + ": " + node.info("replication"));
          }
          Thread.sleep(50);
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void readsEveryAcknowledgedEntryAfterTheReplicaIsPromoted() throws Exception {
    URI uri = URI.create(cluster.url() + "?timeout.millis=500&connect-timeout.millis=500&pool.max-wait.millis=500");
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("replicated",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      entries.put("k" + i, "v" + i);
    }
    cache.putAll(entries);
    cache.put("single", "value");
    entries.put("single", "value");
    List<Integer> masters = new ArrayList<>(replicaOf.keySet());
    for (int master : masters) {
      try (Jedis node = new Jedis(HOST, master)) {
        assertEquals(1, node.waitReplicas(1, 2000), "the replica of " + master + " acknowledged the writes");
      }
    }

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger loadCalls = new AtomicInteger();
    AtomicInteger loadFailures = new AtomicInteger();
    Thread load = new Thread(() -> {
      for (int i = 0; running.get(); i++) {
        try {
          cache.put("load" + (i % 50), "x" + i);
          cache.get("load" + ((i + 25) % 50));
        } catch (CacheException e) {
          loadFailures.incrementAndGet();
        }
        loadCalls.incrementAndGet();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "light-load");
    load.start();
    Thread.sleep(200);

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
            + failures.subList(Math.max(0, failures.size() - 5), failures.size()));
      }
      Thread.sleep(100);
    }
    long recoveredMillis = (System.nanoTime() - start) / 1_000_000;
    running.set(false);
    load.join(5000);

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
    assertTrue(loadCalls.get() > 0);
    System.out.println("Cluster failover: usable again after " + recoveredMillis + " ms, " + failures.size()
        + " failed reads meanwhile; light load " + loadCalls.get() + " calls, " + loadFailures.get() + " failed"
        + (failures.isEmpty() ? "" : "; e.g. " + failures.get(0)));
  }
}
