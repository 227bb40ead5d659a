package io.jcacheredis.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counts, every 100 ms on a thread of its own, the connections named {@code clientName} that the benchmark's server
 * lists (CLIENT LIST; on a cluster, those of the node the raw client asks), keeping the most seen at once.
 */
final class ConnectionCount {

  private final AtomicInteger most = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  ConnectionCount(String clientName) {
    thread = new Thread(() -> watch(clientName), "connection-count");
    thread.setDaemon(true);
    thread.start();
  }

  @SuppressWarnings("deprecation") // CLIENT LIST through sendCommand(command, String...)
  private void watch(String clientName) {
    try (UnifiedJedis redis = Servers.rawClient()) {
      while (running.get()) {
        String list = new String((byte[]) redis.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        int named = (int) list.lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
        most.accumulateAndGet(named, Math::max);
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops counting and returns the most connections seen at once. */
  int stop() {
    running.set(false);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return most.get();
  }
}
