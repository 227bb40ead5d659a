package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link AsyncEntryStore} operations of a store whose client sends without waiting ({@link AsyncCommands}),
 * built from the same commands as its blocking operations ({@link StoreCall}s, {@link
 * AbstractEntryStore#getAndTouchCommand}); the stores of one server and of a cluster only name their client.
 */
interface SendsWithoutWaiting extends AsyncEntryStore {

  /** The client, sending without waiting. */
  AsyncCommands asyncCommands();

  /** Sends one call without waiting; its reply is read on the thread that completes the future. */
  private <R> CompletableFuture<R> sendAsync(StoreCall<R> call) {
    CompletableFuture<?> reply = call.script() == null ? asyncCommands().executeAsync(call.command())
        : call.script().runAsync(asyncCommands(), call.key(), call.args());
    return reply.thenApply(call.result());
  }

  @Override
  default CompletableFuture<byte[]> getAndTouchAsync(byte[] key, Ttl access) {
    return asyncCommands().executeAsync(AbstractEntryStore.getAndTouchCommand(key, access));
  }

  @Override
  default CompletableFuture<WriteResult> putAsync(byte[] key, byte[] value, Condition condition, Ttl create,
      Ttl update, boolean returnOld) {
    return sendAsync(AbstractEntryStore.putCall(key, value, condition, create, update, returnOld));
  }

  @Override
  default CompletableFuture<List<WriteResult>> putAllAsync(List<byte[]> keys, List<byte[]> values, Ttl create,
      Ttl update, boolean returnOld) {
    List<CompletableFuture<WriteResult>> puts = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      puts.add(putAsync(keys.get(i), values.get(i), Condition.ALWAYS, create, update, returnOld));
    }
    return allInOrder(puts);
  }

  /** The results of the futures in order, once all completed; the first failure in order fails it. */
  static <T> CompletableFuture<List<T>> allInOrder(List<CompletableFuture<T>> futures) {
    return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      List<T> results = new ArrayList<>(futures.size());
      for (CompletableFuture<T> future : futures) {
        results.add(future.join());
      }
      return results;
    });
  }

  @Override
  default CompletableFuture<Long> incrementAsync(byte[] key, long delta, Ttl update) {
    return sendAsync(AbstractEntryStore.incrementCall(key, delta, update));
  }

  @Override
  default CompletableFuture<Boolean> deleteAsync(byte[] key) {
    return asyncCommands().executeAsync(ClusterClient.COMMANDS.del(key)).thenApply(deleted -> deleted > 0);
  }

  @Override
  default CompletableFuture<byte[]> getAndDeleteAsync(byte[] key) {
    return asyncCommands().executeAsync(ClusterClient.COMMANDS.getDel(key));
  }

  @Override
  default CompletableFuture<Long> pttlAsync(byte[] key) {
    return asyncCommands().executeAsync(ClusterClient.COMMANDS.pttl(key));
  }

  @Override
  default CompletableFuture<Boolean> setTtlIfExistsAsync(byte[] key, Ttl ttl) {
    return sendAsync(AbstractEntryStore.setTtlIfExistsCall(key, ttl));
  }
}
