package io.jcacheredis.cache;

import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.TransactionBatch;
import io.jcacheredis.transaction.TransactionRunner;
import io.jcacheredis.transaction.TransactionRunner.Outcome;
import io.jcacheredis.store.EntryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * The single-entry writes of a cache: the timing around the {@link WritePath} that {@link CacheFactory} chose, and
 * the writes that are the same on both paths (remove, entry processors). Arguments are checked by the cache before
 * they get here.
 */
final class EntryWrites<K, V> {

  private final CacheContext<K, V> context;
  private final EntryStore store;
  private final CacheStatistics statistics;
  private final WritePath<K, V> path;

  EntryWrites(CacheContext<K, V> context, WritePath<K, V> path) {
    this.context = context;
    this.store = context.store();
    this.statistics = context.statistics();
    this.path = path;
  }

  void put(K key, V value) {
    long start = statistics.start();
    path.put(key, context.encodeKey(key), value);
    statistics.putTime(start);
  }

  V getAndPut(K key, V value) {
    long start = statistics.start();
    V old = path.getAndPut(key, context.encodeKey(key), value);
    statistics.getTime(start);
    statistics.putTime(start);
    return old;
  }

  boolean putIfAbsent(K key, V value) {
    long start = statistics.start();
    boolean stored = path.putIfAbsent(key, context.encodeKey(key), value);
    statistics.putTime(start);
    return stored;
  }

  /** Replaces an existing entry; returns its old value (when asked) or a non-null marker, null when absent. */
  V replace(K key, V value, boolean wantOld) {
    long start = statistics.start();
    V result = path.replace(key, context.encodeKey(key), value, wantOld);
    statistics.putTime(start);
    return result;
  }

  boolean replace(K key, V oldValue, V newValue) {
    long start = statistics.start();
    boolean replaced = path.replace(key, context.encodeKey(key), oldValue, newValue);
    statistics.putTime(start);
    return replaced;
  }

  boolean remove(K key, V oldValue) {
    long start = statistics.start();
    boolean removed = path.remove(key, context.encodeKey(key), oldValue);
    if (removed) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
    return removed;
  }

  /** The extension's incr on the chosen path (the caller checked the key and the value type). */
  long increment(K key, byte[] keyBytes, long delta) {
    return path.increment(key, keyBytes, delta);
  }

  /** Deletes one entry (write-through first); returns the old value when asked, else a non-null marker. */
  @SuppressWarnings("unchecked")
  V remove(K key, boolean wantOld) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    context.loaderWriter().delete(key);
    V result;
    if (wantOld || context.events().wantsOldValues()) {
      V old = removedValue(key, store.getAndDelete(keyBytes));
      result = wantOld ? old : old == null ? null : (V) Boolean.TRUE;
    } else {
      result = store.delete(keyBytes) ? (V) Boolean.TRUE : null;
    }
    removed(result != null, start);
    return result;
  }

  /** The value GETDEL removed (null: none), reported to the listeners. */
  V removedValue(K key, byte[] oldBytes) {
    V old = context.decodeValue(key, oldBytes);
    if (old != null) {
      context.events().removed(key, old);
    }
    return old;
  }

  /** Counts a removal (when one happened) and its time. */
  void removed(boolean removed, long start) {
    if (removed) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
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
    Outcome<K, V, T> outcome =
        TransactionRunner.run(context, key, context.encodeKey(key), processing(processor, arguments));
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
    TransactionalWrites.countPut(statistics, outcome);
    if (tx.change() == EntryTransaction.Change.REMOVE && tx.existedBefore()) {
      statistics.removals(1);
    }
  }
}
