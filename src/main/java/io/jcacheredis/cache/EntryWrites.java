package io.jcacheredis.cache;

import io.jcacheredis.codec.ExactEncoding;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.TransactionBatch;
import io.jcacheredis.transaction.TransactionRunner;
import io.jcacheredis.transaction.TransactionRunner.Outcome;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * The single-entry writes of a cache, each on one of two paths. The direct path (standard expiry policy, no
 * CacheWriter) is one Redis command or script, with creation vs update decided inside Redis. Otherwise the write
 * reads the entry, decides in this JVM (calling the expiry policy and writer exactly as the spec says) and commits
 * with a compare-and-set through {@link TransactionRunner}. Arguments are checked by the cache before they get here.
 */
final class EntryWrites<K, V> {

  /**
   * What replace(k, old, new) and remove(k, old) on the direct path get from Redis when the entry holds other bytes
   * than {@code old}'s: for values whose bytes may differ while {@code equals()} holds (see {@link ExactEncoding})
   * the read-decide-write path then compares with {@code equals()}, as the spec requires.
   */
  private static final int DIFFERENT_BYTES = 0;

  private final CacheContext<K, V> context;
  private final EntryStore store;
  private final ExpiryAdapter expiry;
  private final CacheStatistics statistics;
  private final boolean direct;

  EntryWrites(CacheContext<K, V> context, boolean direct) {
    this.context = context;
    this.store = context.store();
    this.expiry = context.expiry();
    this.statistics = context.statistics();
    this.direct = direct;
  }

  void put(K key, V value) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
          expiry.update(), context.events().wantsOldValues());
      context.recordWrite(key, value, result, Condition.ALWAYS);
    } else {
      Outcome<K, V, Object> outcome = transact(key, keyBytes, tx -> {
        tx.setValue(value);
        return null;
      });
      countPut(outcome);
    }
    statistics.putTime(start);
  }

  V getAndPut(K key, V value) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    V old;
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
          expiry.update(), true);
      old = context.decodeValue(key, result.previous());
      statistics.hitOrMiss(result.existed());
      context.recordWrite(key, value, result, Condition.ALWAYS);
    } else {
      Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
        V previous = tx.peek();
        tx.setValue(value);
        return previous;
      });
      old = outcome.result();
      statistics.hitOrMiss(outcome.transaction().existedBefore());
      countPut(outcome);
    }
    statistics.getTime(start);
    statistics.putTime(start);
    return old;
  }

  boolean putIfAbsent(K key, V value) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean stored;
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.IF_ABSENT, expiry.creation(),
          expiry.update(), false);
      stored = !result.existed();
      statistics.hitOrMiss(result.existed());
      context.recordWrite(key, value, result, Condition.IF_ABSENT);
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (tx.existedBefore()) {
          return false;
        }
        tx.setValue(value);
        return true;
      });
      stored = outcome.result();
      statistics.hitOrMiss(outcome.transaction().existedBefore());
      countPut(outcome);
    }
    statistics.putTime(start);
    return stored;
  }

  /** Replaces an existing entry; returns its old value (when asked) or a non-null marker, null when absent. */
  @SuppressWarnings("unchecked")
  V replace(K key, V value, boolean wantOld) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    V result;
    if (direct) {
      boolean needOld = wantOld || context.events().wantsOldValues();
      WriteResult write = store.put(keyBytes, context.encodeValue(value), Condition.IF_PRESENT, expiry.creation(),
          expiry.update(), needOld);
      statistics.hitOrMiss(write.existed());
      context.recordWrite(key, value, write, Condition.IF_PRESENT);
      result = !write.existed() ? null : wantOld ? context.decodeValue(key, write.previous()) : (V) Boolean.TRUE;
    } else {
      Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return null;
        }
        V previous = tx.peek();
        tx.setValue(value);
        return wantOld ? previous : (V) Boolean.TRUE;
      });
      statistics.hitOrMiss(outcome.transaction().existedBefore());
      countPut(outcome);
      result = outcome.result();
    }
    statistics.putTime(start);
    return result;
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean replaced;
    boolean inRedis = direct && expiry.access().kind() == Ttl.Kind.KEEP;
    int compared = inRedis ? store.replaceIfEquals(keyBytes, context.encodeValue(oldValue),
        context.encodeValue(newValue), expiry.update()) : DIFFERENT_BYTES;
    if (inRedis && (compared != DIFFERENT_BYTES || ExactEncoding.comparesByBytes(oldValue))) {
      statistics.hitOrMiss(compared >= 0);
      replaced = compared == 1;
      if (replaced) {
        statistics.puts(1);
        context.events().updated(key, newValue, oldValue);
      }
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return false;
        }
        if (Objects.equals(tx.peek(), oldValue)) {
          tx.setValue(newValue);
          return true;
        }
        tx.getValue(); // a failed comparison still reads the entry: access expiry applies
        return false;
      });
      statistics.hitOrMiss(outcome.transaction().existedBefore());
      countPut(outcome);
      replaced = outcome.result();
    }
    statistics.putTime(start);
    return replaced;
  }

  boolean remove(K key, V oldValue) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean removed;
    boolean inRedis = direct && expiry.access().kind() == Ttl.Kind.KEEP;
    int compared = inRedis ? store.removeIfEquals(keyBytes, context.encodeValue(oldValue)) : DIFFERENT_BYTES;
    if (inRedis && (compared != DIFFERENT_BYTES || ExactEncoding.comparesByBytes(oldValue))) {
      statistics.hitOrMiss(compared >= 0);
      removed = compared == 1;
      if (removed) {
        context.events().removed(key, oldValue);
      }
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return false;
        }
        if (Objects.equals(tx.peek(), oldValue)) {
          tx.remove();
          return true;
        }
        tx.getValue(); // a failed comparison still reads the entry: access expiry applies
        return false;
      });
      statistics.hitOrMiss(outcome.transaction().existedBefore());
      removed = outcome.result();
    }
    if (removed) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
    return removed;
  }

  /** Deletes one entry (write-through first); returns the old value when asked, else a non-null marker. */
  @SuppressWarnings("unchecked")
  V remove(K key, boolean wantOld) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    context.loaderWriter().delete(key);
    V result;
    if (wantOld || context.events().wantsOldValues()) {
      V old = context.decodeValue(key, store.getAndDelete(keyBytes));
      if (old != null) {
        context.events().removed(key, old);
      }
      result = wantOld ? old : old == null ? null : (V) Boolean.TRUE;
    } else {
      result = store.delete(keyBytes) ? (V) Boolean.TRUE : null;
    }
    if (result != null) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
    return result;
  }

  V getAndRemove(K key) {
    long start = statistics.start();
    V old = remove(key, true);
    statistics.hitOrMiss(old != null);
    statistics.getTime(start);
    return old;
  }

  /** Runs an entry processor in this JVM and commits its change atomically (see {@link TransactionRunner}). */
  <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    Outcome<K, V, T> outcome = transact(key, context.encodeKey(key), processing(processor, arguments));
    countInvoke(outcome);
    return outcome.result();
  }

  /** invokeAll: one MGET and one pipeline of commits for all keys (see {@link TransactionBatch}). */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    List<TransactionBatch.Result<K, V, T>> results =
        TransactionBatch.run(context, new ArrayList<>(keys), processing(processor, arguments));
    for (TransactionBatch.Result<K, V, T> result : results) {
      if (result.outcome() != null) {
        countInvoke(result.outcome());
      }
    }
    return EntryProcessorResults.of(results);
  }

  private static <K, V, T> Function<EntryTransaction<K, V>, T> processing(EntryProcessor<K, V, T> processor,
      Object... arguments) {
    return tx -> {
      try {
        return processor.process(tx, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
    };
  }

  private void countInvoke(Outcome<K, V, ?> outcome) {
    EntryTransaction<K, V> tx = outcome.transaction();
    statistics.hitOrMiss(tx.existedBefore());
    countPut(outcome);
    if (tx.change() == EntryTransaction.Change.REMOVE && tx.existedBefore()) {
      statistics.removals(1);
    }
  }

  private <R> Outcome<K, V, R> transact(K key, byte[] keyBytes, Function<EntryTransaction<K, V>, R> decision) {
    return TransactionRunner.run(context, key, keyBytes, decision);
  }

  private void countPut(Outcome<K, V, ?> outcome) {
    EntryTransaction.Change change = outcome.transaction().change();
    if (change == EntryTransaction.Change.UPDATE
        || (change == EntryTransaction.Change.CREATE && outcome.written())) {
      statistics.puts(1);
    }
  }
}
