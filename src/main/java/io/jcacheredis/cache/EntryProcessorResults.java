package io.jcacheredis.cache;

import io.jcacheredis.transaction.TransactionBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** invokeAll's result map as the spec defines it: null results left out, failures kept per key. */
final class EntryProcessorResults {

  private EntryProcessorResults() {
  }

  /** Runs {@code invoke} on each key in turn. */
  static <K, T> Map<K, EntryProcessorResult<T>> perKey(Set<? extends K> keys, Function<K, T> invoke) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        add(results, key, invoke.apply(key));
      } catch (RuntimeException e) {
        addFailure(results, key, e);
      }
    }
    return results;
  }

  /** The results of a batch. */
  static <K, V, T> Map<K, EntryProcessorResult<T>> of(List<TransactionBatch.Result<K, V, T>> batch) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (TransactionBatch.Result<K, V, T> result : batch) {
      if (result.failure() != null) {
        addFailure(results, result.key(), result.failure());
      } else {
        add(results, result.key(), result.outcome().result());
      }
    }
    return results;
  }

  private static <K, T> void add(Map<K, EntryProcessorResult<T>> results, K key, T result) {
    if (result != null) {
      results.put(key, () -> result);
    }
  }

  private static <K, T> void addFailure(Map<K, EntryProcessorResult<T>> results, K key, RuntimeException e) {
    EntryProcessorException failure =
        e instanceof EntryProcessorException ? (EntryProcessorException) e : new EntryProcessorException(e);
    results.put(key, () -> {
      throw failure;
    });
  }
}
