package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.configuration.RedisEndpoint;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  @Override
  public AsyncKeyScanner scannerAsync(byte[] pattern, int count) {
    return new AsyncServerKeyScanner(commands, pattern, count);
  }

  /** One MGET, as {@link #getAll}. */
  @Override
  public CompletableFuture<List<byte[]>> getAllAsync(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(Collections.emptyList());
    }
    return commands.executeAsync(CopyFreeCommands.mget(keys));
  }
}
