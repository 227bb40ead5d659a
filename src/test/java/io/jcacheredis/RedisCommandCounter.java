package io.jcacheredis;

import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * Counts what the server receives while an action runs, from INFO: commands by name (commandstats) and socket reads
 * (total_reads_processed), which is the number of round trips a client made: a pipeline arrives in one read.
 */
final class RedisCommandCounter implements AutoCloseable {

  /** What the server saw. */
  record Traffic(Map<String, Long> commands, long reads) {
  }

  private final RedisClient raw = TestRedis.raw();

  Traffic measure(Runnable action) {
    Snapshot before = snapshot();
    action.run();
    Snapshot after = snapshot();
    Map<String, Long> commands = new HashMap<>();
    after.calls.forEach((name, calls) -> {
      long delta = calls - before.calls.getOrDefault(name, 0L);
      if (delta > 0 && !name.equals("info")) {
        commands.put(name, delta);
      }
    });
    // The second INFO's own read is counted in its reply; the first's was counted before the action.
    return new Traffic(commands, after.reads - before.reads - 1);
  }

  private record Snapshot(Map<String, Long> calls, long reads) {
  }

  private Snapshot snapshot() {
    String info = raw.info("all");
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
    raw.close();
  }
}
