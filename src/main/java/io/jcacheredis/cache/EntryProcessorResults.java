package io.jcacheredis.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** invokeAll as the spec defines it: one invoke per key; null results left out, failures kept per key. */
final class EntryProcessorResults {

  private EntryProcessorResults() {
  }

  static <K, T> Map<K, EntryProcessorResult<T>> perKey(Set<? extends K> keys, Function<K, T> invoke) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke.apply(key);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure =
            e instanceof EntryProcessorException ? (EntryProcessorException) e : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }
}
