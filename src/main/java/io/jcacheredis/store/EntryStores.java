package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
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
   * itself).
   *
   * @param endpoint the server named in the failures of pipelines
   */
  public static EntryStore create(UnifiedJedis redis, RedisEndpoint endpoint) {
    if (redis instanceof ClusterClient cluster) {
      return new ClusterEntryStore(cluster);
    }
    return new ServerEntryStore(redis, endpoint);
  }
}
