package io.jcacheredis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the raw side's pipelines. On one server, Jedis' plain pipeline. On a cluster, Jedis' {@code ClusterPipeline}
 * (one pipeline per master, synced in parallel) on a thread pool shared by all calls, as the provider's cluster
 * client has one: {@code RedisClusterClient.pipelined()} without an executor would start threads for every sync.
 */
final class RawPipelines implements AutoCloseable {

  private final UnifiedJedis redis;
  private final RedisClusterClient cluster;
  private final ExecutorService syncThreads;

  RawPipelines(UnifiedJedis redis) {
    this.redis = redis;
    this.cluster = redis instanceof RedisClusterClient client ? client : null;
    this.syncThreads = cluster == null ? null : Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "raw-cluster-pipeline");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A new pipeline; close it (or sync it) to send its commands. */
  AbstractPipeline open() {
    return cluster == null ? redis.pipelined() : cluster.pipelined(syncThreads);
  }

  /** A pipeline of one GET per key, every value read back in order. */
  List<String> getEach(String[] keys) {
    List<Response<String>> replies = new ArrayList<>(keys.length);
    try (AbstractPipeline pipeline = open()) {
      for (String key : keys) {
        replies.add(pipeline.get(key));
      }
      pipeline.sync();
    }
    List<String> values = new ArrayList<>(keys.length);
    for (Response<String> reply : replies) {
      values.add(reply.get());
    }
    return values;
  }

  /** A pipeline of one SET of {@code value} per key, synced. */
  void setEach(String[] keys, String value) {
    try (AbstractPipeline pipeline = open()) {
      for (String key : keys) {
        pipeline.set(key, value);
      }
      pipeline.sync();
    }
  }

  @Override
  public void close() {
    if (syncThreads != null) {
      syncThreads.shutdownNow();
    }
  }
}
