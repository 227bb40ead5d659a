package io.jcacheredis.nearcache;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.client.ClusterClient;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * The client of a cluster's tracking connections for one live generation: a command on one key goes over the
 * tracking connection ({@link OwnWritesTracking}) of the master that owns the key's slot now, as the cluster client's
 * slot cache says, whose {@code NOLOOP} keeps Redis from announcing it back. It is never redirected: when no tracking
 * connection of that master is live (a master the listener does not track yet), or the master answers MOVED or ASK
 * (the slot moved meanwhile, and the command did not run), it fails with {@link UntrackedWrite}, and the near cache
 * sends the write through the pool instead, keeping nothing.
 */
final class ClusterOwnWrites extends UnifiedJedis {

  /**
   * @param cluster the manager's cluster client, whose slot cache says which master owns a key
   * @param links the client of each master's tracking connection, by {@code host:port}
   */
  ClusterOwnWrites(ClusterClient cluster, Map<String, UnifiedJedis> links) {
    super(new BySlot(cluster, Map.copyOf(links)), null, RedisProtocol.RESP2, null);
  }

  /** Sends each command on one slot to its master's tracking connection. */
  private record BySlot(ClusterClient cluster, Map<String, UnifiedJedis> links) implements CommandExecutor {

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
      Set<Integer> slots = command.getArguments().getKeyHashSlots();
      if (slots.size() != 1) {
        throw new UntrackedWrite("Not a command on one slot: " + command.getArguments().getCommand(), null);
      }
      String master = cluster.masterOf(slots.iterator().next());
      UnifiedJedis link = links.get(master);
      if (link == null) {
        throw new UntrackedWrite("No tracking connection to " + master + ", which owns the key now", null);
      }
      try {
        return link.executeCommand(command);
      } catch (RedisFailureException e) {
        if (e.getCause() instanceof JedisRedirectionException) {
          throw new UntrackedWrite("The slot moved from " + master, e);
        }
        throw e;
      }
    }

    /** Nothing: the tracking connections are the listener's. */
    @Override
    public void close() {
    }
  }
}
