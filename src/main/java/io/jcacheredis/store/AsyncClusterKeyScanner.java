package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ClusterKeyScanner}'s walk with each step sent without waiting on the masters' shared connections: the first
 * step reads the topology (CLUSTER SLOTS, {@link ClusterClient#mastersAsync}), then every master of that moment is
 * scanned in turn, each from cursor 0 back to 0.
 */
final class AsyncClusterKeyScanner implements AsyncKeyScanner {

  private final ClusterClient cluster;
  private final MasterCursors<String> walk;

  AsyncClusterKeyScanner(ClusterClient cluster, byte[] pattern, int count) {
    this.cluster = cluster;
    this.walk = new MasterCursors<>(pattern, count);
  }

  @Override
  public boolean hasNext() {
    return walk.hasNext();
  }

  @Override
  public CompletableFuture<List<byte[]>> next() {
    walk.requireNext();
    if (walk.unstarted()) {
      return cluster.mastersAsync().thenCompose(masters -> {
        walk.start(masters);
        return step();
      });
    }
    return step();
  }

  private CompletableFuture<List<byte[]>> step() {
    return cluster.scanAsync(walk.master(), walk.cursor(), walk.params()).thenApply(walk::advance);
  }
}
