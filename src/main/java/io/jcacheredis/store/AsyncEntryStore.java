package io.jcacheredis.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The operations of an {@link EntryStore} that it can also send without a thread waiting for the reply (the
 * multiplexed connection mode, on one server or a cluster, {@link EntryStores#create}): each returns at once, and the
 * future completes on the thread that reads the reply, with what the blocking operation returns or exceptionally with
 * what it throws. Only the store {@link EntryStores#create} makes for such a client implements it; a store wrapped in
 * a near cache or a publishing store does not, so a cache's store either sends every command of these operations this
 * way or none.
 *
 * <p>Dependent stages added without an executor run on the connection's reading thread: they must not block, and
 * must not run application code.
 */
public interface AsyncEntryStore extends EntryStore {

  /** {@link #getAndTouch} without waiting. */
  CompletableFuture<byte[]> getAndTouchAsync(byte[] key, Ttl access);

  /** {@link #put} without waiting. */
  CompletableFuture<WriteResult> putAsync(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update,
      boolean returnOld);

  /** {@link #putAll} without waiting (each entry's command on its own; they go out together). */
  CompletableFuture<List<WriteResult>> putAllAsync(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update,
      boolean returnOld);

  /** {@link #getAll} without waiting. */
  CompletableFuture<List<byte[]>> getAllAsync(List<byte[]> keys);

  /** {@link #increment} without waiting (a value that is not an integer fails it with ArithmeticException). */
  CompletableFuture<Long> incrementAsync(byte[] key, long delta, Ttl update);

  /** {@link #delete} without waiting. */
  CompletableFuture<Boolean> deleteAsync(byte[] key);

  /** {@link #getAndDelete} without waiting. */
  CompletableFuture<byte[]> getAndDeleteAsync(byte[] key);

  /** {@link #pttl} without waiting. */
  CompletableFuture<Long> pttlAsync(byte[] key);

  /** {@link #setTtlIfExists} without waiting. */
  CompletableFuture<Boolean> setTtlIfExistsAsync(byte[] key, Ttl ttl);

  /** {@link #scanner} whose SCAN steps are sent without waiting. */
  AsyncKeyScanner scannerAsync(byte[] pattern, int count);
}
