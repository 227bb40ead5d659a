package io.jcacheredis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * Counts what the servers receive while an action runs, from INFO: commands by name (commandstats) and socket reads
 * (total_reads_processed), which is the number of round trips a client made: a pipeline arrives in one read. On a
 * cluster every master is asked, and the counts are summed; the reads are given per master, and so are the commands
 * each master received and the error replies it sent (MOVED, ASK, CROSSSLOT...).
 */
public final class RedisCommandCounter implements AutoCloseable {

  /**
   * What the servers saw: commands run summed over all, reads per server that had any (by address); per server that
   * had any, the commands it received (run, or refused such as with MOVED: INFO's calls plus rejected_calls) and the
   * error replies it sent, by their first word (errorstats: MOVED, NOSCRIPT...). Commands of no client's own (INFO, and PING, which idle connection
   * checks send at any time) are left out.
   */
  public record Traffic(Map<String, Long> commands, Map<String, Long> readsPerServer,
      Map<String, Map<String, Long>> commandsPerServer, Map<String, Map<String, Long>> errorsPerServer) {
    /** Round trips summed over the servers. */
    public long reads() {
      return readsPerServer.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** By address. */
  private final Map<String, RedisClient> servers;

  /** Counts on the servers of the test run, by address as {@link TestRedis#servers()} names them. */
  public RedisCommandCounter() {
    this(TestRedis.servers());
  }

  /** Counts on these servers, by address; closes them when closed. */
  public RedisCommandCounter(Map<String, RedisClient> servers) {
    this.servers = servers;
  }

  public Traffic measure(Runnable action) {
    Map<String, Snapshot> before = snapshots();
    action.run();
    Map<String, Snapshot> after = snapshots();
    Map<String, Long> commands = new HashMap<>();
    Map<String, Long> readsPerServer = new LinkedHashMap<>();
    Map<String, Map<String, Long>> commandsPerServer = new LinkedHashMap<>();
    Map<String, Map<String, Long>> errorsPerServer = new LinkedHashMap<>();
    for (String server : servers.keySet()) {
      Snapshot from = before.get(server);
      Snapshot to = after.get(server);
      to.calls.forEach((name, calls) -> {
        long delta = calls - from.calls.getOrDefault(name, 0L);
        if (delta > 0 && !name.equals("info")) {
          commands.merge(name, delta, Long::sum);
        }
      });
      Map<String, Long> received = increases(from.received, to.received);
      received.remove("info");
      received.remove("ping");
      if (!received.isEmpty()) {
        commandsPerServer.put(server, received);
      }
      Map<String, Long> errors = increases(from.errors, to.errors);
      if (!errors.isEmpty()) {
        errorsPerServer.put(server, errors);
      }
      // The second INFO's own read is counted in its reply; the first's was counted before the action.
      long serverReads = to.reads - from.reads - 1;
      if (serverReads != 0) {
        readsPerServer.put(server, serverReads);
      }
    }
    return new Traffic(commands, readsPerServer, commandsPerServer, errorsPerServer);
  }

  private static Map<String, Long> increases(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> increases = new HashMap<>();
    after.forEach((name, count) -> {
      long delta = count - before.getOrDefault(name, 0L);
      if (delta > 0) {
        increases.put(name, delta);
      }
    });
    return increases;
  }

  /** Commands run (calls) and received (calls and rejected_calls) by name, reads, error replies by kind. */
  private record Snapshot(Map<String, Long> calls, Map<String, Long> received, long reads, Map<String, Long> errors) {
  }

  private Map<String, Snapshot> snapshots() {
    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    servers.forEach((address, server) -> snapshots.put(address, snapshot(server)));
    return snapshots;
  }

  private static Snapshot snapshot(RedisClient server) {
    String info = server.info("all");
    Map<String, Long> calls = new HashMap<>();
    Map<String, Long> received = new HashMap<>();
    long reads = -1;
    Map<String, Long> errors = new HashMap<>();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        long run = field(line, "calls=");
        calls.put(name, run);
        received.put(name, run + Math.max(0, field(line, "rejected_calls=")));
      } else if (line.startsWith("total_reads_processed:")) {
        reads = Long.parseLong(line.substring("total_reads_processed:".length()).trim());
      } else if (line.startsWith("errorstat_")) {
        errors.put(line.substring("errorstat_".length(), line.indexOf(':')), field(line, "count="));
      }
    }
    if (reads < 0) {
      throw new IllegalStateException("INFO has no total_reads_processed: Redis 6.0 or newer is needed");
    }
    return new Snapshot(calls, received, reads, errors);
  }

  /** A number in a commandstats or errorstats line ({@code cmdstat_get:calls=3,usec=...}), -1 if it has none. */
  private static long field(String line, String name) {
    int at = line.indexOf(':' + name);
    if (at < 0) {
      at = line.indexOf(',' + name);
    }
    if (at < 0) {
      return -1;
    }
    int start = at + 1 + name.length();
    int end = line.indexOf(',', start);
    return Long.parseLong(end < 0 ? line.substring(start) : line.substring(start, end));
  }

  @Override
  public void close() {
    servers.values().forEach(RedisClient::close);
  }
}
