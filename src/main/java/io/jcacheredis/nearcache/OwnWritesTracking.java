package io.jcacheredis.nearcache;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.SingleLinkClient;
import java.util.function.Consumer;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tracking connection of one server (a sentinel's master, a master of a cluster) that also carries the
 * near-cached caches' writes: one multiplexed connection ({@link SingleLinkClient}) set up with {@code CLIENT TRACKING
 * ... NOLOOP}, so Redis does not announce this JVM's own writes made over it (they are kept locally instead), and
 * announces everyone else's. Redis skips a {@code NOLOOP} client only for changes that client made itself, so there
 * is exactly one such connection per master per manager and the writes go over that one. When it fails, {@code lost}
 * is told and the listener sets up a new one (invalidation is lost meanwhile: the near caches empty).
 */
final class OwnWritesTracking implements TrackingLink {

  private final SingleLinkClient client;

  private OwnWritesTracking(SingleLinkClient client) {
    this.client = client;
  }

  /**
   * Opens the connection over the manager's client and sends {@code tracking} with {@code NOLOOP} on it; an error
   * reply is thrown as a JedisDataException.
   */
  static OwnWritesTracking open(UnifiedJedis redis, CommandArguments tracking, Consumer<RuntimeException> lost) {
    return new OwnWritesTracking(SingleLinkClient.open(redis, tracking.add("NOLOOP"), lost));
  }

  /** As {@link #open(UnifiedJedis, CommandArguments, Consumer)}, to one master of a cluster. */
  static OwnWritesTracking open(ClusterClient cluster, ClusterClient.Master master, CommandArguments tracking,
      Consumer<RuntimeException> lost) {
    return new OwnWritesTracking(cluster.openLink(master, tracking.add("NOLOOP"), lost));
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public UnifiedJedis ownWrites() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
