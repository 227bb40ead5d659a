package io.jcacheredis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The connections a Redis server lists (CLIENT LIST), by client name; closing them; and their most while something
 * runs.
 */
public final class ClientList {

  private ClientList() {
  }

  /** CLIENT LIST lines of the connections named {@code name}. */
  @SuppressWarnings("deprecation") // CLIENT LIST through sendCommand(command, String...)
  public static List<String> named(RedisClient admin, String name) {
    String list = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
    return list.lines().filter(line -> line.contains(" name=" + name + " ")).toList();
  }

  /** Closes the connections named {@code name} (CLIENT KILL ID of each). */
  @SuppressWarnings("deprecation") // CLIENT KILL through sendCommand(command, String...)
  public static void kill(RedisClient admin, String name) {
    for (String line : named(admin, name)) {
      String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
      admin.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", id);
    }
  }

  /** Counts the connections named {@code name} every 20 ms on a thread of its own until closed, keeping the most. */
  public static final class Watch implements AutoCloseable {
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public Watch(Supplier<RedisClient> admin, String name) {
      thread = new Thread(() -> {
        try (RedisClient client = admin.get()) {
          while (running.get()) {
            most.accumulateAndGet(named(client, name).size(), Math::max);
            Thread.sleep(20);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "client-list-watch");
      thread.setDaemon(true);
      thread.start();
    }

    /** The most connections seen at once so far. */
    public int most() {
      return most.get();
    }

    @Override
    public void close() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while stopping the CLIENT LIST watch", e);
      }
    }
  }
}
