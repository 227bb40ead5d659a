package io.jcacheredis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.ClusterTestServers;
import io.jcacheredis.RedisCommandCounter;
import io.jcacheredis.RedisCommandCounter.Traffic;
import io.jcacheredis.TestRedis;
import io.jcacheredis.codec.KeyCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * On a Redis Cluster ({@link ClusterTestServers#shared()}, three masters) each key's commands go straight to the
 * master that owns its hash slot: for keys spread over every master, each in a slot of its own, every single-key
 * operation and every multi-key one reaches only the masters of its keys (INFO commandstats of each master: commands
 * run or refused), without a redirection (no error reply anywhere: a command sent to another master is answered
 * MOVED, and the key would still end up in the right place), and each entry lives on exactly the master that CLUSTER
 * KEYSLOT and CLUSTER SLOTS name (CLUSTER GETKEYSINSLOT of each master).
 */
class ClusterRoutingTest {

  private static final int KEYS_PER_MASTER = 3;
  private static final EntryProcessor<String, String, String> APPEND = (entry, args) -> {
    entry.setValue(entry.getValue() + "+");
    return entry.getValue();
  };

  private static ClusterTestServers cluster;
  private static CacheManager manager;

  private String name;
  private Cache<String, String> cache;
  private RedisCommandCounter counter;
  /** The test's keys, with where each must live. */
  private final Map<String, Home> homes = new LinkedHashMap<>();

  /** Where a cache key must live: its Redis key, slot, and the master owning that slot (plain port). */
  private record Home(String redisKey, int slot, int master) {
    String address() {
      return ClusterTestServers.address(master);
    }
  }

  @BeforeAll
  static void openManager() {
    cluster = ClusterTestServers.shared();
    manager = cluster.newManager("");
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @BeforeEach
  void open() {
    name = TestRedis.uniqueName("routing");
    cache = manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    chooseKeys();
    warmUp();
    counter = new RedisCommandCounter(cluster.nodes());
  }

  @AfterEach
  void close() {
    counter.close();
    manager.destroyCache(name);
  }

  /** {@value #KEYS_PER_MASTER} keys on each master, no two in the same slot; slots as Redis computes them. */
  private void chooseKeys() {
    KeyCodec keys = new KeyCodec("jcache", name, null);
    Map<Integer, Integer> perMaster = new LinkedHashMap<>();
    Set<Integer> slots = new HashSet<>();
    List<Integer> masters = cluster.ports();
    try (Jedis node = new Jedis("127.0.0.1", masters.get(0))) {
      for (int i = 0; homes.size() < KEYS_PER_MASTER * masters.size(); i++) {
        String key = "key-" + i;
        String redisKey = new String(keys.encode(key), StandardCharsets.UTF_8);
        int slot = (int) node.clusterKeySlot(redisKey);
        int master = cluster.ownerOf(slot);
        if (slots.add(slot) && perMaster.merge(master, 1, Integer::sum) <= KEYS_PER_MASTER) {
          homes.put(key, new Home(redisKey, slot, master));
        }
      }
    }
  }

  /**
   * Before anything is measured: the manager has read the topology, and every script the operations run is loaded
   * on every master (a master answers a script's first EVALSHA with NOSCRIPT).
   */
  private void warmUp() {
    for (String key : homes.keySet()) {
      cache.put(key, "v");
      cache.replace(key, "w");
      cache.invoke(key, APPEND);
      cache.remove(key);
    }
  }

  /** Runs an operation and checks that only {@code master} received commands, and nobody answered an error. */
  private void onlyOn(String master, String operation, Runnable action) {
    Traffic traffic = counter.measure(action);
    assertEquals(Set.of(master), traffic.commandsPerServer().keySet(), operation + ": masters that received "
        + "commands " + traffic.commandsPerServer());
    assertEquals(Map.of(), traffic.errorsPerServer(), operation + ": error replies (MOVED?)");
  }

  /** Checks where each key lives: on its slot's owner, and on no other master; or, when absent, on none. */
  private void assertLivesOnItsMaster(String key, boolean present) {
    Home home = homes.get(key);
    for (int port : cluster.ports()) {
      boolean holds = cluster.keysInSlot(port, home.slot()).contains(home.redisKey());
      assertEquals(present && port == home.master(), holds, key + " (slot " + home.slot() + ", owned by "
          + home.master() + ") on master " + port);
    }
  }

  /** The test's keys by the address of their master. */
  private Map<String, List<String>> keysByMaster() {
    Map<String, List<String>> byMaster = new LinkedHashMap<>();
    homes.forEach((key, home) -> byMaster.computeIfAbsent(home.address(), address -> new ArrayList<>()).add(key));
    return byMaster;
  }

  /** The same count of one command on each master of the keys, as commandstats gives it. */
  private Map<String, Map<String, Long>> perMaster(Map<String, List<String>> keysByMaster, String command) {
    Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
    keysByMaster.forEach((master, keys) -> expected.put(master, Map.of(command, (long) keys.size())));
    return expected;
  }

  @Test
  void singleKeyOperationsReachOnlyTheKeysMaster() {
    assertEquals(cluster.ports().size(), keysByMaster().size(), "keys on every master: " + homes);
    for (Map.Entry<String, Home> entry : homes.entrySet()) {
      String key = entry.getKey();
      String master = entry.getValue().address();
      onlyOn(master, "put " + key, () -> cache.put(key, "v1"));
      assertLivesOnItsMaster(key, true);
      onlyOn(master, "get " + key, () -> assertEquals("v1", cache.get(key)));
      onlyOn(master, "containsKey " + key, () -> assertTrue(cache.containsKey(key)));
      onlyOn(master, "getAndPut " + key, () -> assertEquals("v1", cache.getAndPut(key, "v2")));
      onlyOn(master, "putIfAbsent " + key, () -> assertFalse(cache.putIfAbsent(key, "x")));
      onlyOn(master, "replace " + key, () -> assertTrue(cache.replace(key, "v3")));
      onlyOn(master, "replace(k, old, new) " + key, () -> assertTrue(cache.replace(key, "v3", "v4")));
      onlyOn(master, "invoke " + key, () -> assertEquals("v4+", cache.invoke(key, APPEND)));
      assertLivesOnItsMaster(key, true);
      onlyOn(master, "getAndRemove " + key, () -> assertEquals("v4+", cache.getAndRemove(key)));
      assertLivesOnItsMaster(key, false);
      onlyOn(master, "invoke creating " + key, () -> cache.invoke(key, (e, args) -> {
        e.setValue("new");
        return null;
      }));
      assertLivesOnItsMaster(key, true);
      onlyOn(master, "remove " + key, () -> assertTrue(cache.remove(key)));
      assertLivesOnItsMaster(key, false);
      onlyOn(master, "get of the absent " + key, () -> assertNull(cache.get(key)));
    }
  }

  @Test
  void multiKeyOperationsReachEachMasterWithItsOwnKeysOnly() {
    Map<String, List<String>> byMaster = keysByMaster();
    assertEquals(cluster.ports().size(), byMaster.size(), "keys on every master: " + homes);
    Map<String, String> entries = new LinkedHashMap<>();
    homes.keySet().forEach(key -> entries.put(key, "v-" + key));
    Set<String> keys = new LinkedHashSet<>(entries.keySet());

    Traffic putAll = counter.measure(() -> cache.putAll(entries));
    assertEquals(perMaster(byMaster, "set"), putAll.commandsPerServer(), "putAll: one SET per key, on its master");
    assertEquals(Map.of(), putAll.errorsPerServer(), "putAll: error replies (MOVED?)");
    keys.forEach(key -> assertLivesOnItsMaster(key, true));

    // Each key in a slot of its own: one MGET per key, each on the key's master.
    Traffic getAll = counter.measure(() -> assertEquals(entries, cache.getAll(keys)));
    assertEquals(perMaster(byMaster, "mget"), getAll.commandsPerServer(), "getAll: one MGET per slot, on its master");
    assertEquals(Map.of(), getAll.errorsPerServer(), "getAll: error replies (MOVED?)");

    Traffic invokeAll = counter.measure(() -> cache.invokeAll(keys, APPEND)
        .forEach((key, result) -> assertEquals(entries.get(key) + "+", result.get())));
    assertEquals(byMaster.keySet(), invokeAll.commandsPerServer().keySet(), "invokeAll: masters reached");
    byMaster.forEach((master, own) -> assertEquals((long) own.size(),
        invokeAll.commandsPerServer().get(master).get("evalsha"), "invokeAll: compare-and-sets on " + master));
    assertEquals(Map.of(), invokeAll.errorsPerServer(), "invokeAll: error replies (MOVED?)");
    keys.forEach(key -> assertLivesOnItsMaster(key, true));

    Traffic removeAll = counter.measure(() -> cache.removeAll(keys));
    assertEquals(perMaster(byMaster, "getdel"), removeAll.commandsPerServer(),
        "removeAll: one GETDEL per key, on its master");
    assertEquals(Map.of(), removeAll.errorsPerServer(), "removeAll: error replies (MOVED?)");
    keys.forEach(key -> assertLivesOnItsMaster(key, false));

    // The keys of one master only: the other masters hear nothing.
    Map.Entry<String, List<String>> first = byMaster.entrySet().iterator().next();
    Map<String, String> own = new LinkedHashMap<>();
    first.getValue().forEach(key -> own.put(key, "w"));
    onlyOn(first.getKey(), "putAll of one master's keys", () -> cache.putAll(own));
    onlyOn(first.getKey(), "getAll of one master's keys", () -> assertEquals(own, cache.getAll(own.keySet())));
    onlyOn(first.getKey(), "removeAll of one master's keys", () -> cache.removeAll(own.keySet()));
  }
}
