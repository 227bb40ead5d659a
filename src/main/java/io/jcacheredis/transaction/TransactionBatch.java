package io.jcacheredis.transaction;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.CompareAndSet;
import io.jcacheredis.transaction.TransactionRunner.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@link TransactionRunner}'s read-decide-write step on many keys in the round trips of one: every entry read with
 * one MGET, every decision made in this JVM in key order, every commit sent in one pipeline of compare-and-set
 * scripts. A key whose entry another client changed between the read and the commit is run again on its own. A
 * decision or CacheWriter call that throws fails only its own key, and nothing of that key reaches Redis. Within
 * this JVM the keys' lock stripes are held for the whole batch, taken in stripe order so that batches never
 * deadlock each other.
 */
public final class TransactionBatch {

  private TransactionBatch() {
  }

  /** What happened to one key: its outcome, or the exception its decision or commit threw (outcome null). */
  public record Result<K, V, R>(K key, Outcome<K, V, R> outcome, RuntimeException failure) {
  }

  /** Runs {@code decision} on each key; the results in the keys' order. A Redis failure fails the whole call. */
  public static <K, V, R> List<Result<K, V, R>> run(TransactionContext<K, V> context, List<K> keys,
      Function<EntryTransaction<K, V>, R> decision) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<byte[]> keyBytes = new ArrayList<>(keys.size());
    for (K key : keys) {
      keyBytes.add(context.encodeKey(key));
    }
    List<KeyLock> locks = context.locks().locksFor(keyBytes);
    int group = context.store().failureGroup(keyBytes);
    int locked = 0;
    try {
      for (KeyLock lock : locks) {
        lock.lock(group);
        locked++;
      }
      return decideAndCommit(context, keys, keyBytes, decision);
    } catch (RedisFailureException e) {
      for (int i = 0; i < locked; i++) {
        locks.get(i).redisFailed(group, e);
      }
      throw e;
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        locks.get(i).unlock();
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of generic transactions and results
  private static <K, V, R> List<Result<K, V, R>> decideAndCommit(TransactionContext<K, V> context, List<K> keys,
      List<byte[]> keyBytes, Function<EntryTransaction<K, V>, R> decision) {
    int size = keys.size();
    List<byte[]> values = context.store().getAll(keyBytes);
    EntryTransaction<K, V>[] transactions = new EntryTransaction[size];
    Object[] decided = new Object[size];
    CommitPlan[] plans = new CommitPlan[size];
    Result<K, V, R>[] results = new Result[size];
    List<CompareAndSet> changes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      EntryTransaction<K, V> tx = new EntryTransaction<>(context, keys.get(i), values.get(i));
      try {
        decided[i] = decision.apply(tx);
        plans[i] = CommitPlan.of(context, tx, keyBytes.get(i));
        transactions[i] = tx;
        if (plans[i].change() != null) {
          changes.add(plans[i].change());
        }
      } catch (RuntimeException e) {
        results[i] = new Result<>(keys.get(i), null, e);
      }
    }
    List<Boolean> applied = changes.isEmpty() ? List.of() : context.store().compareAndSetAll(changes);
    int next = 0;
    for (int i = 0; i < size; i++) {
      if (results[i] != null) {
        continue;
      }
      CommitPlan plan = plans[i];
      Boolean written = plan.change() == null ? Boolean.valueOf(plan.writtenIfApplied())
          : plan.result(applied.get(next++));
      if (written != null) {
        context.committed(transactions[i], written);
        results[i] = new Result<>(keys.get(i), new Outcome<>((R) decided[i], transactions[i], written), null);
      } else {
        results[i] = runAlone(context, keys.get(i), keyBytes.get(i), decision);
      }
    }
    return Arrays.asList(results);
  }

  /** Runs one key again on its own after another client changed its entry between the batch's read and commit. */
  private static <K, V, R> Result<K, V, R> runAlone(TransactionContext<K, V> context, K key, byte[] keyBytes,
      Function<EntryTransaction<K, V>, R> decision) {
    try {
      return new Result<>(key, TransactionRunner.run(context, key, keyBytes, decision), null);
    } catch (RuntimeException e) {
      return new Result<>(key, null, e);
    }
  }
}
