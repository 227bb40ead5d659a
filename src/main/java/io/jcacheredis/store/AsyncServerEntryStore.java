package io.jcacheredis.store;

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

  /** Sends one call without waiting; its reply is read on the thread that completes the future. */
  private <R> CompletableFuture<R> sendAsync(StoreCall<R> call) {
    CompletableFuture<?> reply = call.script() == null ? commands.executeAsync(call.command())
        : call.script().runAsync(commands, call.key(), call.args());
    return reply.thenApply(call.result());
  }

  @Override
  public CompletableFuture<byte[]> getAndTouchAsync(byte[] key, Ttl access) {
    return commands.executeAsync(getAndTouchCommand(key, access));
  }

  @Override
  public CompletableFuture<WriteResult> putAsync(byte[] key, byte[] value, Condition condition, Ttl create,
      Ttl update, boolean returnOld) {
    return sendAsync(putCall(key, value, condition, create, update, returnOld));
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
    return sendAsync(setTtlIfExistsCall(key, ttl));
  }
}
