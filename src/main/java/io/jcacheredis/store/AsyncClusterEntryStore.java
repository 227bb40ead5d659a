package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;

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
  public AsyncCommands asyncCommands() {
    return commands;
  }
}
