package io.jcacheredis.client;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.util.Futures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The masters of a cluster read without waiting (the multiplexed mode's {@link ClusterClient#mastersAsync}): CLUSTER
 * SLOTS asked of known nodes one after the other until one answers, its masters taken from the reply. The slot cache
 * is left as it is.
 */
final class ClusterTopologyReads {

  private static final CommandObject<List<Object>> CLUSTER_SLOTS = new CommandObject<>(
      new CommandArguments(Protocol.Command.CLUSTER).add(Protocol.ClusterKeyword.SLOTS), BuilderFactory.RAW_OBJECT_LIST);

  private final ClusterTransport transport;
  private final String cluster;

  /**
   * @param transport sends CLUSTER SLOTS to a node without waiting
   * @param cluster the cluster, as failures name it
   */
  ClusterTopologyReads(ClusterTransport transport, String cluster) {
    this.transport = transport;
    this.cluster = cluster;
  }

  /**
   * The masters ({@code host:port}) as the first of {@code candidates} that answers reports them; when none does,
   * the last failure, with the earlier ones as suppressed exceptions.
   */
  CompletableFuture<List<String>> masters(List<String> candidates) {
    return askFrom(candidates, 0, null);
  }

  private CompletableFuture<List<String>> askFrom(List<String> candidates, int next, Throwable failed) {
    if (next == candidates.size()) {
      return CompletableFuture.failedFuture(failed);
    }
    HostAndPort node = HostAndPort.from(candidates.get(next));
    return transport.executeAsync(node, CLUSTER_SLOTS).thenApply(slots -> mastersIn(slots, node))
        .exceptionallyCompose(failure -> {
          Throwable cause = Futures.cause(failure);
          if (failed != null && failed != cause) {
            cause.addSuppressed(failed);
          }
          return askFrom(candidates, next + 1, cause);
        });
  }

  /**
   * The masters a CLUSTER SLOTS reply names, in order of their first slot range: each range's first node (an empty
   * host meaning the one that answered, as Redis documents).
   */
  private List<String> mastersIn(List<Object> slots, HostAndPort answered) {
    Set<String> masters = new LinkedHashSet<>();
    for (Object range : slots) {
      List<?> fields = (List<?>) range;
      List<?> master = (List<?>) fields.get(2);
      String host = SafeEncoder.encode((byte[]) master.get(0));
      int port = ((Long) master.get(1)).intValue();
      masters.add(new HostAndPort(host.isEmpty() ? answered.getHost() : host, port).toString());
    }
    if (masters.isEmpty()) {
      throw new RedisFailureException("Redis Cluster " + cluster + " reports no masters", null);
    }
    return new ArrayList<>(masters);
  }
}
