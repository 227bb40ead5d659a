package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import java.util.List;

/**
 * SCAN over every master of a cluster, one after the other, each from cursor 0 back to 0 on that master's own
 * connection. The first step reads the topology (CLUSTER SLOTS), so the walk covers the masters of that moment,
 * including one added since the client last looked. Replicas are not scanned: they hold copies.
 */
final class ClusterKeyScanner implements KeyScanner {

  private final ClusterClient cluster;
  private final MasterCursors<ClusterClient.Master> walk;

  ClusterKeyScanner(ClusterClient cluster, byte[] pattern, int count) {
    this.cluster = cluster;
    this.walk = new MasterCursors<>(pattern, count);
  }

  @Override
  public boolean hasNext() {
    return walk.hasNext();
  }

  @Override
  public List<byte[]> next() {
    walk.requireNext();
    if (walk.unstarted()) {
      walk.start(cluster.masters(true));
    }
    return walk.advance(cluster.scan(walk.master(), walk.cursor(), walk.params()));
  }
}
