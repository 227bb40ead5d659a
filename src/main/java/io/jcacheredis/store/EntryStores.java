package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.configuration.RedisEndpoint;
import redis.clients.jedis.UnifiedJedis;

/** Chooses, once per cache manager, which {@link EntryStore} speaks to its Redis. */
public final class EntryStores {

  private EntryStores() {
  }

  /**
   * The store over a client from {@link io.jcacheredis.client.RedisClients} (whose commands already fail as
   * CacheExceptions): the cluster store for the built-in Redis Cluster client, else the store of one server (also for a
   * client an application's {@link io.jcacheredis.configuration.RedisClientFactory} made, which routes its commands
   * itself); in the multiplexed connection mode (either of them) also an {@link AsyncEntryStore}.
   *
   * @param endpoint the server named in the failures of pipelines
   */
  public static EntryStore create(UnifiedJedis redis, RedisEndpoint endpoint) {
    if (redis instanceof ClusterClient cluster) {
      return cluster.asyncCommands().<EntryStore>map(commands -> new AsyncClusterEntryStore(cluster, commands))
          .orElseGet(() -> new ClusterEntryStore(cluster));
    }
    if (redis instanceof MultiplexedClient multiplexed) {
      return new AsyncServerEntryStore(multiplexed, endpoint);
    }
    return new ServerEntryStore(redis, endpoint);
  }

  /**
   * The store of a cache whose changes other cache managers may listen to: the writes of {@code store} (one {@link
   * #create} made) publish each change on {@code events} while another manager listens, from the script that makes
   * the change; otherwise they are exactly those of {@code store}. Wrap it first: other decorators go around this
   * one.
   *
   * @throws IllegalArgumentException when {@code store} is not one {@link #create} made
   */
  public static EntryStore publishing(EntryStore store, EventChannel events) {
    if (!(store instanceof AbstractEntryStore)) {
      throw new IllegalArgumentException("Changes can be published only by a store EntryStores.create made, not by "
          + store.getClass().getName() + ": wrap the store in the publishing one first");
    }
    return new PublishingEntryStore((AbstractEntryStore) store, events);
  }
}
