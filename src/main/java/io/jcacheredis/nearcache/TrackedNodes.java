package io.jcacheredis.nearcache;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.client.ServerClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.CacheException;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.Pool;

/**
 * The masters whose writes the near caches must hear about, read from the manager's built-in client, and how to
 * open connections of their own to each (with the pool's settings: credentials, TLS, database, timeouts, but never
 * taken from the pool). Its {@link #signature()} changes when the masters do: a sentinel failover (the client's
 * pool is replaced) or a cluster whose set of masters changed (failover, scale-out). It also decides, once, how the
 * masters are tracked: each with an {@link OwnWritesTracking} ({@link Master#tracking}), and how the near-cached
 * writes reach them ({@link #ownWrites}): on one server or a sentinel's master over its one tracking connection, on a
 * cluster over the tracking connection of the master that owns the key's slot ({@link ClusterOwnWrites}).
 */
abstract class TrackedNodes {

  /** Sets up the tracking connection of a master: its command (without NOLOOP), whom to tell when it fails. */
  interface TrackingOpener {
    TrackingLink open(CommandArguments tracking, Consumer<RuntimeException> lost);
  }

  /**
   * One master.
   *
   * @param connections opens a connection of its own to the master (the subscriber)
   * @param tracking sets up its tracking connection
   */
  record Master(Supplier<Connection> connections, TrackingOpener tracking) {
  }

  /** The nodes of the manager's client, or null when it is not a built-in one (a client factory's own client). */
  static TrackedNodes of(UnifiedJedis redis) {
    if (redis instanceof ClusterClient cluster) {
      return new Cluster(cluster);
    }
    if (redis instanceof ServerClient server) {
      return new Server(server::pool, redis);
    }
    if (redis instanceof MultiplexedClient multiplexed) {
      return new Server(multiplexed::pool, redis);
    }
    return null;
  }

  /** What the masters are now: equal as long as they stay the same. */
  abstract Object signature();

  /** The masters now. */
  abstract List<Master> masters();

  /**
   * The client whose writes go over the tracking connections of {@code trackers} (one per master, all open), so that
   * Redis does not announce them back to this JVM.
   */
  abstract UnifiedJedis ownWrites(List<NodeTracker> trackers);

  /** A new connection made by the pool's own factory (connected and initialized as the pool's are), not pooled. */
  static Connection newConnection(Pool<Connection> pool) {
    try {
      return pool.getFactory().makeObject().getObject();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheException("Cannot open a connection for near-cache invalidation: " + e, e);
    }
  }

  /**
   * One server, or the master a sentinel names (whose pool the client replaces when the master changes), of a pooled
   * or a multiplexed client (its pool of dedicated connections).
   */
  private static final class Server extends TrackedNodes {
    private final Supplier<Pool<Connection>> pool;
    private final UnifiedJedis redis;

    Server(Supplier<Pool<Connection>> pool, UnifiedJedis redis) {
      this.pool = pool;
      this.redis = redis;
    }

    @Override
    Object signature() {
      return pool.get();
    }

    @Override
    List<Master> masters() {
      Pool<Connection> now = pool.get();
      return List.of(new Master(() -> newConnection(now),
          (tracking, lost) -> OwnWritesTracking.open(redis, tracking, lost)));
    }

    /** The one tracking connection. */
    @Override
    UnifiedJedis ownWrites(List<NodeTracker> trackers) {
      return trackers.get(0).ownWrites();
    }
  }

  /** The masters of a Redis Cluster, read fresh (CLUSTER SLOTS) for each check. */
  private static final class Cluster extends TrackedNodes {
    private final ClusterClient client;

    Cluster(ClusterClient client) {
      this.client = client;
    }

    @Override
    Object signature() {
      TreeSet<String> nodes = new TreeSet<>();
      for (ClusterClient.Master master : client.masters(true)) {
        nodes.add(master.node());
      }
      return nodes;
    }

    @Override
    List<Master> masters() {
      List<Master> masters = new ArrayList<>();
      for (ClusterClient.Master master : client.masters(true)) {
        masters.add(new Master(() -> newConnection(master.pool()),
            (tracking, lost) -> OwnWritesTracking.open(client, master, tracking, lost)));
      }
      return masters;
    }

    /** The tracking connection of the master that owns a key's slot now, by the node each tracker reached. */
    @Override
    UnifiedJedis ownWrites(List<NodeTracker> trackers) {
      Map<String, UnifiedJedis> links = new HashMap<>();
      for (NodeTracker tracker : trackers) {
        links.put(tracker.node(), tracker.ownWrites());
      }
      return new ClusterOwnWrites(client, links);
    }
  }
}
