package io.jcacheredis.store;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.UnifiedJedis;

/**
 * The leases with which cache managers say that they have entry listeners on a cache, in one Redis hash per cache
 * (the {@code listeners} script): a listening manager renews its lease; the others publish the cache's changes only
 * while some other manager holds a live one. A new or dropped lease is announced on a control channel, so that
 * writers learn of it at once rather than at their next check.
 */
public final class ListenerLeases {

  private static final LuaScript LISTENERS = LuaScript.load("listeners");
  private static final CommandArg RENEW = CommandArg.ascii("r");
  private static final CommandArg DROP = CommandArg.ascii("d");
  private static final CommandArg COUNT = CommandArg.ascii("c");

  private final UnifiedJedis redis;
  private final CommandArg manager;
  private final CommandArg leaseMillis;
  private final CommandArg controlChannel;

  /**
   * @param manager the id of this cache manager
   * @param leaseMillis how long a lease lasts unless renewed
   * @param controlChannel where new and dropped leases are announced (with the cache's name)
   */
  public ListenerLeases(UnifiedJedis redis, byte[] manager, long leaseMillis, byte[] controlChannel) {
    this.redis = redis;
    this.manager = CommandArg.of(manager);
    this.leaseMillis = CommandArg.ascii(Long.toString(leaseMillis));
    this.controlChannel = CommandArg.of(controlChannel);
  }

  /** Takes or renews this manager's lease on a cache; the first one is announced. */
  public void renew(byte[] leasesKey, String cacheName) {
    LISTENERS.run(redis, leasesKey, RENEW, manager, leaseMillis, controlChannel, name(cacheName));
  }

  /** Drops this manager's lease on a cache, and announces it. */
  public void drop(byte[] leasesKey, String cacheName) {
    LISTENERS.run(redis, leasesKey, DROP, manager, leaseMillis, controlChannel, name(cacheName));
  }

  /** Whether a manager other than this one holds a live lease on the cache. */
  public boolean othersListen(byte[] leasesKey) {
    return (Long) LISTENERS.run(redis, leasesKey, COUNT, manager) > 0;
  }

  private static CommandArg name(String cacheName) {
    return CommandArg.of(cacheName.getBytes(StandardCharsets.UTF_8));
  }
}
