package io.jcacheredis.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Counts, every 100 ms on a thread of its own, the connections named {@code clientName} that the benchmark's server
 * lists (CLIENT LIST; on a cluster, on every node), keeping the most seen at once on one node.
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

  private void watch(String clientName) {
    try (UnifiedJedis redis = Servers.rawClient()) {
      while (running.get()) {
        if (redis instanceof RedisClusterClient cluster) {
          for (ConnectionPool node : cluster.getClusterNodes().values()) {
            try (Connection connection = node.getResource()) {
              count(connection.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.CLIENT)
                  .add("LIST"), BuilderFactory.BINARY)), clientName);
            }
          }
        } else {
          count(clientList(redis), clientName);
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("deprecation") // CLIENT LIST through sendCommand(command, String...)
  private static byte[] clientList(UnifiedJedis redis) {
    return (byte[]) redis.sendCommand(Protocol.Command.CLIENT, "LIST");
  }

  /** Counts the connections named {@code clientName} in one node's CLIENT LIST. */
  private void count(byte[] clientList, String clientName) {
    String list = new String(clientList, StandardCharsets.UTF_8);
    int named = (int) list.lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
    most.accumulateAndGet(named, Math::max);
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
