package io.jcacheredis.cache;

import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.TransactionRunner;
import io.jcacheredis.transaction.TransactionRunner.Outcome;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * The read-decide-write path (a caller-defined expiry policy or a CacheWriter): each write reads the entry, decides
 * in this JVM (calling the expiry policy and writer exactly as the spec says) and commits with a compare-and-set
 * through {@link TransactionRunner}.
 */
final class TransactionalWrites<K, V> implements WritePath<K, V> {

  private final CacheContext<K, V> context;
  private final CacheStatistics statistics;

  TransactionalWrites(CacheContext<K, V> context) {
    this.context = context;
    this.statistics = context.statistics();
  }

  @Override
  public void put(K key, byte[] keyBytes, V value) {
    Outcome<K, V, Object> outcome = transact(key, keyBytes, tx -> {
      tx.setValue(value);
      return null;
    });
    countPut(statistics, outcome);
  }

  @Override
  public V getAndPut(K key, byte[] keyBytes, V value) {
    Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
      V previous = tx.peek();
      tx.setValue(value);
      return previous;
    });
    return readThenWritten(outcome);
  }

  @Override
  public boolean putIfAbsent(K key, byte[] keyBytes, V value) {
    Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
      if (tx.existedBefore()) {
        return false;
      }
      tx.setValue(value);
      return true;
    });
    return readThenWritten(outcome);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V replace(K key, byte[] keyBytes, V value, boolean wantOld) {
    Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
      if (!tx.existedBefore()) {
        return null;
      }
      V previous = tx.peek();
      tx.setValue(value);
      return wantOld ? previous : (V) Boolean.TRUE;
    });
    return readThenWritten(outcome);
  }

  @Override
  public boolean replace(K key, byte[] keyBytes, V oldValue, V newValue) {
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
    return readThenWritten(outcome);
  }

  @Override
  public boolean remove(K key, byte[] keyBytes, V oldValue) {
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
    return outcome.result();
  }

  /** incr as an entry processor (read, write through, commit) through the cache, which counts it as an invoke. */
  @Override
  public long increment(K key, byte[] keyBytes, long delta) {
    String name = context.cache().getName();
    EntryProcessor<K, V, Long> add = (entry, args) -> {
      if (!entry.exists()) {
        throw new NoSuchElementException("incr: cache " + name + " has no key " + key);
      }
      Object value = entry.getValue();
      if (!(value instanceof Long)) {
        throw new ArithmeticException("incr: the value of " + key + " in cache " + name + " is not a Long");
      }
      long sum = Math.addExact((Long) value, delta);
      entry.setValue(asValue(sum));
      return sum;
    };
    try {
      return context.cache().invoke(key, add);
    } catch (EntryProcessorException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked") // incr checked that the value type admits Long
  private V asValue(long value) {
    return (V) Long.valueOf(value);
  }

  private <R> Outcome<K, V, R> transact(K key, byte[] keyBytes, Function<EntryTransaction<K, V>, R> decision) {
    return TransactionRunner.run(context, key, keyBytes, decision);
  }

  /** The result of a write that read the entry first: a hit or a miss, and a put if it wrote. */
  private <R> R readThenWritten(Outcome<K, V, R> outcome) {
    statistics.hitOrMiss(outcome.transaction().existedBefore());
    countPut(statistics, outcome);
    return outcome.result();
  }

  /** Counts a put when the transaction updated the entry or created it. */
  static void countPut(CacheStatistics statistics, Outcome<?, ?, ?> outcome) {
    EntryTransaction.Change change = outcome.transaction().change();
    if (change == EntryTransaction.Change.UPDATE
        || (change == EntryTransaction.Change.CREATE && outcome.written())) {
      statistics.puts(1);
    }
  }
}
