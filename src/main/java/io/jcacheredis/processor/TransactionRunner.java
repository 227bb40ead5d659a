package io.jcacheredis.processor;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.cache.CacheContext;
import io.jcacheredis.cache.KeyLock;
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

  public static <K, V, R> Outcome<K, V, R> run(CacheContext<K, V> context, K key, byte[] keyBytes,
      Function<EntryTransaction<K, V>, R> decision) {
    KeyLock lock = context.lockFor(keyBytes);
    int group = context.store().failureGroup(keyBytes);
    lock.lock(group);
    try {
      while (true) {
        EntryTransaction<K, V> transaction = new EntryTransaction<>(context, key, context.store().get(keyBytes));
        R result = decision.apply(transaction);
        Boolean written = commit(context, transaction, keyBytes);
        if (written != null) {
          dispatch(context, transaction, written);
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
  private static <K, V> Boolean commit(CacheContext<K, V> context, EntryTransaction<K, V> tx, byte[] keyBytes) {
    CommitPlan plan = CommitPlan.of(context, tx, keyBytes);
    CompareAndSet change = plan.change();
    if (change == null) {
      return plan.writtenIfApplied();
    }
    return plan.result(context.store().compareAndSet(keyBytes, change.expected(), change.value(), change.ttl(),
        change.touchOnly()));
  }

  static <K, V> void dispatch(CacheContext<K, V> context, EntryTransaction<K, V> tx, boolean written) {
    if (context.events().isEmpty()) {
      return;
    }
    switch (tx.change()) {
      case CREATE:
      case LOAD:
        if (written) {
          context.events().created(tx.getKey(), tx.newValue());
        }
        break;
      case UPDATE:
        context.events().updated(tx.getKey(), tx.newValue(), tx.peek());
        break;
      case REMOVE:
        if (tx.existedBefore()) {
          context.events().removed(tx.getKey(), tx.peek());
        }
        break;
      default:
        break;
    }
  }
}
