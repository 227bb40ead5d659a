package io.jcacheredis.transaction;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.CompareAndSet;
import java.util.function.Function;

/**
 * Runs a read-decide-write step atomically: read the entry (GET), let the caller decide in this JVM, then commit
 * with a compare-and-set script that applies the change only if the entry still holds what was read; if another
 * client changed it meanwhile, read and decide again. Two round trips, no lock in Redis. Within this JVM a striped
 * lock per key keeps concurrent callers from racing each other (and re-running their processors); those queued
 * behind a caller that Redis failed fail with it ({@link KeyLock}). {@link TransactionBatch} does the same for many
 * keys at once.
 */
public final class TransactionRunner {

  private TransactionRunner() {
  }

  /** The caller's result together with the committed transaction (for statistics). */
  public record Outcome<K, V, R>(R result, EntryTransaction<K, V> transaction, boolean written) {
  }

  /**
   * Reads the entry, runs {@code decision} on it and commits the change it decided, again until no other client
   * changed the entry in between.
   *
   * @return the decision's result of the run that was committed, with its transaction
   * @throws io.jcacheredis.RedisFailureException when Redis fails (also to callers queued behind on the same lock)
   */
  public static <K, V, R> Outcome<K, V, R> run(TransactionContext<K, V> context, K key, byte[] keyBytes,
      Function<EntryTransaction<K, V>, R> decision) {
    KeyLock lock = context.locks().lockFor(keyBytes);
    int group = context.store().failureGroup(keyBytes);
    lock.lock(group);
    try {
      while (true) {
        EntryTransaction<K, V> transaction = new EntryTransaction<>(context, key, context.store().get(keyBytes));
        R result = decision.apply(transaction);
        Boolean written = commit(context, transaction, keyBytes);
        if (written != null) {
          context.committed(transaction, written);
          return new Outcome<>(result, transaction, written);
        }
      }
    } catch (RedisFailureException e) {
      lock.redisFailed(group, e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Applies the change; returns whether a value was stored, or null when the entry changed and must be re-read. */
  private static <K, V> Boolean commit(TransactionContext<K, V> context, EntryTransaction<K, V> tx,
      byte[] keyBytes) {
    CommitPlan plan = CommitPlan.of(context, tx, keyBytes);
    CompareAndSet change = plan.change();
    if (change == null) {
      return plan.writtenIfApplied();
    }
    return plan.result(context.store().compareAndSet(keyBytes, change.expected(), change.value(), change.ttl(),
        change.touchOnly()));
  }
}
