package io.jcacheredis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * Counts what the servers receive while an action runs, from INFO: commands by name (commandstats) and socket reads
 * (total_reads_processed), which is the number of round trips a client made: a pipeline arrives in one read. On a
 * cluster every master is asked, and the counts are summed; the reads are given per master.
 */
final class RedisCommandCounter implements AutoCloseable {

  /** What the servers saw: commands summed over all, reads per server that had any (by address). */
  record Traffic(Map<String, Long> commands, Map<String, Long> readsPerServer) {
    /** Round trips summed over the servers. */
    long reads() {
      return readsPerServer.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** By address, as {@link TestRedis#servers()} names them. */
  private final Map<String, RedisClient> servers = TestRedis.servers();

  Traffic measure(Runnable action) {
    Map<String, Snapshot> before = snapshots();
    action.run();
    Map<String, Snapshot> after = snapshots();
    Map<String, Long> commands = new HashMap<>();
    Map<String, Long> readsPerServer = new LinkedHashMap<>();
    for (String server : servers.keySet()) {
      Snapshot from = before.get(server);
      after.get(server).calls.forEach((name, calls) -> {
        long delta = calls - from.calls.getOrDefault(name, 0L);
        if (delta > 0 && !name.equals("info")) {
          commands.merge(name, delta, Long::sum);
        }
      });
      // The second INFO's own read is counted in its reply; the first's was counted before the action.
      long serverReads = after.get(server).reads - from.reads - 1;
      if (serverReads != 0) {
        readsPerServer.put(server, serverReads);
      }
    }
    return new Traffic(commands, readsPerServer);
  }

  private record Snapshot(Map<String, Long> calls, long reads) {
  }

  private Map<String, Snapshot> snapshots() {
    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    servers.forEach((address, server) -> snapshots.put(address, snapshot(server)));
    return snapshots;
  }

  private static Snapshot snapshot(RedisClient server) {
    String info = server.info("all");
    Map<String, Long> calls = new HashMap<>();
    long reads = -1;
    for (String line : info.split("\r\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        int start = line.indexOf("calls=") + "calls=".length();
        int end = line.indexOf(',', start);
        calls.put(name, Long.parseLong(line.substring(start, end)));
      } else if (line.startsWith("total_reads_processed:")) {
        reads = Long.parseLong(line.substring("total_reads_processed:".length()).trim());
      }
    }
    if (reads < 0) {
      throw new IllegalStateException("INFO has no total_reads_processed: Redis 6.0 or newer is needed");
    }
    return new Snapshot(calls, reads);
  }

  @Override
  public void close() {
    servers.values().forEach(RedisClient::close);
  }
}
