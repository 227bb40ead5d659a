package io.jcacheredis.store;

import static io.jcacheredis.store.EntryScripts.EXPIRE_IF_EXISTS;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;
import io.jcacheredis.configuration.RedisEndpoint;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.UnifiedJedis;

/**
 * The store of one server whose client sends commands without waiting ({@link AsyncCommands}, the multiplexed
 * connection mode): the blocking operations of {@link ServerEntryStore}, and their {@link AsyncEntryStore} variants
 * built from the same commands.
 */
final class AsyncServerEntryStore extends ServerEntryStore implements AsyncEntryStore {

  private final AsyncCommands commands;

  <C extends UnifiedJedis & AsyncCommands> AsyncServerEntryStore(C redis, RedisEndpoint endpoint) {
    super(redis, endpoint);
    this.commands = redis;
  }

  @Override
  public CompletableFuture<byte[]> getAndTouchAsync(byte[] key, Ttl access) {
    return commands.executeAsync(getAndTouchCommand(key, access));
  }

  @Override
  public CompletableFuture<Boolean> deleteAsync(byte[] key) {
    return commands.executeAsync(ClusterClient.COMMANDS.del(key)).thenApply(deleted -> deleted > 0);
  }

  @Override
  public CompletableFuture<byte[]> getAndDeleteAsync(byte[] key) {
    return commands.executeAsync(ClusterClient.COMMANDS.getDel(key));
  }

  @Override
  public CompletableFuture<Long> pttlAsync(byte[] key) {
    return commands.executeAsync(ClusterClient.COMMANDS.pttl(key));
  }

  @Override
  public CompletableFuture<Boolean> setTtlIfExistsAsync(byte[] key, Ttl ttl) {
    return EXPIRE_IF_EXISTS.runAsync(commands, key, ttl.codeArg(), ttl.millisArg())
        .thenApply(AbstractEntryStore::existed);
  }
}
