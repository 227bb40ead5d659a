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
 *
 * <p>With a near cache the read may be skipped: a decision can start from the value this JVM last stored for the key
 * ({@link io.jcacheredis.store.EntryStore#lastStored}), a guess that its compare-and-set proves or refutes, so that
 * an entry processor run again and again on one key costs one round trip each time.
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
      byte[] guess = context.mayStartFromLastStored() ? context.store().lastStored(keyBytes) : null;
      while (true) {
        Outcome<K, V, R> outcome = guess == null ? attempt(context, key, keyBytes, decision)
            : attemptFromGuess(context, key, keyBytes, guess, decision);
        guess = null; // a failed attempt reads the entry next time
        if (outcome != null) {
          return outcome;
        }
      }
    } catch (RedisFailureException e) {
      lock.redisFailed(group, e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** One read, decision and commit; null when the entry changed meanwhile. */
  private static <K, V, R> Outcome<K, V, R> attempt(TransactionContext<K, V> context, K key, byte[] keyBytes,
      Function<EntryTransaction<K, V>, R> decision) {
    EntryTransaction<K, V> transaction = new EntryTransaction<>(context, key, context.store().get(keyBytes));
    R result = decision.apply(transaction);
    return committed(context, transaction, result, commit(context, transaction, keyBytes, false));
  }

  /**
   * A decision on the value this JVM last stored, without reading it: kept only if a compare-and-set expecting that
   * value applies, which proves it was still current. Null (read and decide again) when it does not, when the
   * decision needs no compare-and-set (nothing would prove the guess), or when the decision throws (it may have
   * thrown because of the outdated value).
   */
  private static <K, V, R> Outcome<K, V, R> attemptFromGuess(TransactionContext<K, V> context, K key,
      byte[] keyBytes, byte[] guess, Function<EntryTransaction<K, V>, R> decision) {
    EntryTransaction<K, V> transaction = new EntryTransaction<>(context, key, guess);
    R result;
    try {
      result = decision.apply(transaction);
    } catch (RuntimeException thrownOnAGuess) {
      return null;
    }
    return committed(context, transaction, result, commit(context, transaction, keyBytes, true));
  }

  private static <K, V, R> Outcome<K, V, R> committed(TransactionContext<K, V> context,
      EntryTransaction<K, V> transaction, R result, Boolean written) {
    if (written == null) {
      return null;
    }
    context.committed(transaction, written);
    return new Outcome<>(result, transaction, written);
  }

  /**
   * Applies the change; returns whether a value was stored, or null when the entry changed and must be re-read (or,
   * for a decision on a guess, when no compare-and-set would prove the guess).
   */
  private static <K, V> Boolean commit(TransactionContext<K, V> context, EntryTransaction<K, V> tx,
      byte[] keyBytes, boolean guessed) {
    CommitPlan plan = CommitPlan.of(context, tx, keyBytes);
    CompareAndSet change = plan.change();
    if (change == null) {
      return guessed ? null : plan.writtenIfApplied();
    }
    return plan.result(context.store().compareAndSet(keyBytes, change.expected(), change.value(), change.ttl(),
        change.touchOnly()));
  }
}
