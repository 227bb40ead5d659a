package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.ClusterClient.KeyByKey;
import io.jcacheredis.client.ClusterClient.Routed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import redis.clients.jedis.CommandObject;

/**
 * The {@link EntryStore} of a Redis Cluster ({@link ClusterClient}): the keys of one hash slot fail together, no
 * command ever names keys of two slots (MGET and UNLINK are sent once per slot), every pipeline is one per master
 * (the masters in parallel), and SCAN walks every master.
 */
class ClusterEntryStore extends AbstractEntryStore {

  /** The cluster's client, which its subclass also sends on. */
  final ClusterClient cluster;

  ClusterEntryStore(ClusterClient cluster) {
    super(cluster);
    this.cluster = cluster;
  }

  @Override
  public int failureGroup(byte[] key) {
    return ClusterClient.slot(key);
  }

  @Override
  public int failureGroup(List<byte[]> keys) {
    return NO_FAILURE_GROUP;
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    Map<Integer, List<Integer>> bySlot = bySlot(keys);
    List<List<Integer>> groups = new ArrayList<>(bySlot.size());
    List<Routed> commands = new ArrayList<>(bySlot.size());
    bySlot.forEach((slot, group) -> {
      groups.add(group);
      List<byte[]> slotKeys = select(keys, group);
      // Key by key (GET each) when a migration splits the slot's keys: the values in the same order.
      commands.add(new Routed(slot, CopyFreeCommands.mget(slotKeys),
          new KeyByKey(slotKeys, ClusterClient.COMMANDS::get, values -> values)));
    });
    List<Object> replies = cluster.pipeline(commands, null);
    byte[][] values = new byte[keys.size()][];
    for (int g = 0; g < groups.size(); g++) {
      List<?> groupValues = (List<?>) replies.get(g);
      List<Integer> group = groups.get(g);
      for (int k = 0; k < group.size(); k++) {
        values[group.get(k)] = (byte[]) groupValues.get(k);
      }
    }
    return Arrays.asList(values);
  }

  @Override
  public long unlink(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    List<Routed> commands = new ArrayList<>();
    bySlot(keys).forEach((slot, group) -> {
      List<byte[]> slotKeys = select(keys, group);
      // Key by key when a migration splits the slot's keys: the number removed is the sum.
      commands.add(new Routed(slot, CopyFreeCommands.unlink(slotKeys),
          new KeyByKey(slotKeys, ClusterClient.COMMANDS::unlink, ClusterEntryStore::sum)));
    });
    long removed = 0;
    for (Object reply : cluster.pipeline(commands, null)) {
      removed += (Long) reply;
    }
    return removed;
  }

  @Override
  public KeyScanner scanner(byte[] pattern, int count) {
    return new ClusterKeyScanner(cluster, pattern, count);
  }

  /** One pipeline per master, the masters in parallel ({@link ClusterClient#pipeline}). */
  @Override
  List<Object> sendPipeline(List<byte[]> keys, IntFunction<CommandObject<?>> commandAt, LuaScript script) {
    List<Routed> routed = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      routed.add(new Routed(ClusterClient.slot(keys.get(i)), commandAt.apply(i)));
    }
    return cluster.pipeline(routed, script == null ? null : script.body());
  }

  /** The indices of the keys grouped by hash slot, in order of first appearance. */
  private static Map<Integer, List<Integer>> bySlot(List<byte[]> keys) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      groups.computeIfAbsent(ClusterClient.slot(keys.get(i)), slot -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  private static List<byte[]> select(List<byte[]> keys, List<Integer> indices) {
    List<byte[]> selected = new ArrayList<>(indices.size());
    for (int index : indices) {
      selected.add(keys.get(index));
    }
    return selected;
  }

  private static Object sum(List<Object> counts) {
    long sum = 0;
    for (Object count : counts) {
      sum += (Long) count;
    }
    return sum;
  }
}
