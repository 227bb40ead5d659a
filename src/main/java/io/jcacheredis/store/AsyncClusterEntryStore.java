package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The store of a Redis Cluster in the multiplexed connection mode: the blocking operations of {@link
 * ClusterEntryStore}, and their {@link AsyncEntryStore} variants ({@link SendsWithoutWaiting}) sent to the master of
 * the key's slot without waiting.
 */
final class AsyncClusterEntryStore extends ClusterEntryStore implements SendsWithoutWaiting {

  private final AsyncCommands commands;

  AsyncClusterEntryStore(ClusterClient cluster, AsyncCommands commands) {
    super(cluster);
    this.commands = commands;
  }

  @Override
  public AsyncKeyScanner scannerAsync(byte[] pattern, int count) {
    return new AsyncClusterKeyScanner(cluster, pattern, count);
  }

  @Override
  public AsyncCommands asyncCommands() {
    return commands;
  }

  /**
   * A GET per key, each to the master of its slot (they go out together on the masters' shared connections): unlike
   * an MGET per slot, a slot being migrated needs no key-by-key fallback.
   */
  @Override
  public CompletableFuture<List<byte[]>> getAllAsync(List<byte[]> keys) {
    List<CompletableFuture<byte[]>> gets = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      gets.add(commands.executeAsync(ClusterClient.COMMANDS.get(key)));
    }
    return SendsWithoutWaiting.allInOrder(gets);
  }
}
