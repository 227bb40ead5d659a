package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.configuration.RedisEndpoint;
import redis.clients.jedis.UnifiedJedis;

/**
 * The store of one server whose client sends commands without waiting ({@link AsyncCommands}, the multiplexed
 * connection mode): the blocking operations of {@link ServerEntryStore}, and their {@link AsyncEntryStore} variants
 * ({@link SendsWithoutWaiting}).
 */
final class AsyncServerEntryStore extends ServerEntryStore implements SendsWithoutWaiting {

  private final AsyncCommands commands;

  <C extends UnifiedJedis & AsyncCommands> AsyncServerEntryStore(C redis, RedisEndpoint endpoint) {
    super(redis, endpoint);
    this.commands = redis;
  }

  @Override
  public AsyncCommands asyncCommands() {
    return commands;
  }
}
