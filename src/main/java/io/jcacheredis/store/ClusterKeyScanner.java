package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * SCAN over every master of a cluster, one after the other, each from cursor 0 back to 0 on that master's own
 * connection. The first step reads the topology (CLUSTER SLOTS), so the walk covers the masters of that moment,
 * including one added since the client last looked. Replicas are not scanned: they hold copies.
 */
final class ClusterKeyScanner implements KeyScanner {

  private final ClusterClient cluster;
  private final ScanParams params;
  private List<ClusterClient.Master> masters;
  private int current;
  private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;

  ClusterKeyScanner(ClusterClient cluster, byte[] pattern, int count) {
    this.cluster = cluster;
    this.params = new ScanParams().match(pattern).count(count);
  }

  @Override
  public boolean hasNext() {
    return masters == null || current < masters.size();
  }

  @Override
  public List<byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The SCAN is complete on every master");
    }
    if (masters == null) {
      masters = cluster.masters(true);
    }
    ScanResult<byte[]> page = cluster.scan(masters.get(current), cursor, params);
    cursor = page.getCursorAsBytes();
    if (Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY)) {
      current++;
    }
    return page.getResult();
  }
}
