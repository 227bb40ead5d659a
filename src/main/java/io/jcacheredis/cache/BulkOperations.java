package io.jcacheredis.cache;

import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.TransactionBatch;
import io.jcacheredis.store.CompareAndSet;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.KeyScanner;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;

/**
 * The multi-key operations of a cache: each sends one MGET or one pipeline for all keys (writes with a standard expiry
 * policy choose their TTLs in Redis, others read, decide and compare-and-set in one batch), and applies the
 * CacheWriter's partial-failure contract (only what the writer wrote is stored or removed).
 */
final class BulkOperations<K, V> {

  /** The COUNT hint of the SCAN steps of bulk operations. */
  static final int SCAN_BATCH = 500;

  private final CacheContext<K, V> context;
  private final Executor executor;

  BulkOperations(CacheContext<K, V> context, Executor executor) {
    this.context = context;
    this.executor = executor;
  }

  static void requireKeys(Collection<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "a key in the given set is null");
    }
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    requireKeys(keys);
    long start = context.statistics().start();
    List<K> keyList = new ArrayList<>(keys);
    List<byte[]> keyBytes = encodeKeys(keyList);
    List<K> missing = new ArrayList<>();
    Map<K, V> result = found(keyList, keyBytes, context.store().getAll(keyBytes), missing);
    return withLoaded(result, missing, start);
  }

  /**
   * What {@link #getAll} found: the entries read (in the keys' order), touched as the access expiry says, counted as
   * hits; the keys not found go to {@code missing}, counted as misses.
   */
  Map<K, V> found(List<K> keyList, List<byte[]> keyBytes, List<byte[]> values, List<K> missing) {
    Map<K, V> result = new LinkedHashMap<>((int) (keyList.size() / 0.75f) + 1); // no rehashing as it fills
    List<CompareAndSet> touches = new ArrayList<>();
    for (int i = 0; i < keyList.size(); i++) {
      K key = keyList.get(i);
      byte[] value = values.get(i);
      V decoded = context.readValue(key, value);
      if (decoded == null) {
        missing.add(key);
        continue;
      }
      result.put(key, decoded);
      Ttl access = context.expiry().access(); // once per entry read, as the spec counts expiry policy calls
      if (access.kind() != Ttl.Kind.KEEP) {
        touches.add(new CompareAndSet(keyBytes.get(i), value, value, access, true));
      }
    }
    if (!touches.isEmpty()) {
      context.store().compareAndSetAll(touches); // an entry changed meanwhile keeps its new TTL
    }
    context.statistics().hits(result.size());
    context.statistics().misses(missing.size());
    return result;
  }

  /** Whether {@link #withLoaded} calls the CacheLoader. */
  boolean loads(List<K> missing) {
    return context.loaderWriter().readThrough() && !missing.isEmpty();
  }

  /** {@link #getAll}'s result: what was found and, reading through, what the loader loaded; counts the time. */
  Map<K, V> withLoaded(Map<K, V> result, List<K> missing, long start) {
    if (loads(missing)) {
      Map<K, V> loaded = loaded(context.loaderWriter().loadAll(missing));
      storeLoaded(loaded, false);
      result.putAll(loaded);
    }
    context.statistics().getTime(start);
    return result;
  }

  /** What a loader returned, without the null keys and values it may contain. */
  private static <K, V> Map<K, V> loaded(Map<K, V> fromLoader) {
    Map<K, V> loaded = new LinkedHashMap<>();
    fromLoader.forEach((key, value) -> {
      if (key != null && value != null) {
        loaded.put(key, value);
      }
    });
    return loaded;
  }

  /**
   * Stores values that came from the loader (never written through; created only if absent unless replacing), all
   * in one batch.
   */
  private void storeLoaded(Map<K, V> loaded, boolean replaceExisting) {
    loaded.values().forEach(context::checkValueType);
    storeInBatch(loaded, tx -> replaceExisting || !tx.existedBefore());
  }

  /**
   * Stores the entries through {@link TransactionBatch} (without calling the writer), each where {@code when}
   * holds; the first failure is thrown after the batch. Returns the outcomes.
   */
  private List<TransactionBatch.Result<K, V, Object>> storeInBatch(Map<K, V> entries,
      Predicate<EntryTransaction<K, V>> when) {
    List<TransactionBatch.Result<K, V, Object>> results =
        TransactionBatch.run(context, new ArrayList<>(entries.keySet()), tx -> {
          if (when.test(tx)) {
            tx.setValue(entries.get(tx.getKey()));
            tx.skipWriter();
          }
          return null;
        });
    for (TransactionBatch.Result<K, V, Object> result : results) {
      if (result.failure() != null) {
        throw result.failure();
      }
    }
    return results;
  }

  void putAll(Map<? extends K, ? extends V> map) {
    requireEntries(map);
    long start = context.statistics().start();
    @SuppressWarnings("unchecked") // read only, unless copied below
    Map<K, V> toStore = (Map<K, V>) map;
    CacheWriterException failure = null;
    if (context.loaderWriter().writeThrough()) {
      toStore = new LinkedHashMap<>(map); // what the writer did not write is removed from the copy
      Collection<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
      for (Map.Entry<K, V> entry : toStore.entrySet()) {
        unwritten.add(new RedisCacheEntry<>(entry.getKey(), entry.getValue()));
      }
      failure = context.loaderWriter().writeAll(unwritten);
      if (failure != null) {
        for (Cache.Entry<? extends K, ? extends V> entry : unwritten) {
          toStore.remove(entry.getKey());
        }
      }
    }
    if (context.expiry().isPure()) {
      storeAll(toStore);
    } else {
      for (TransactionBatch.Result<K, V, Object> result : storeInBatch(toStore, tx -> true)) {
        if (result.outcome().written() || result.outcome().transaction().existedBefore()) {
          context.statistics().puts(1);
        }
      }
    }
    context.statistics().putTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  /** Checks a putAll's map: no null key or value, the configured types. */
  void requireEntries(Map<? extends K, ? extends V> map) {
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      Objects.requireNonNull(entry.getKey(), "a key in the given map is null");
      Objects.requireNonNull(entry.getValue(), "a value in the given map is null");
      context.checkKeyType(entry.getKey());
      context.checkValueType(entry.getValue());
    }
  }

  /** One pipeline for all entries, TTLs chosen in Redis. */
  private void storeAll(Map<K, V> entries) {
    Entries<K, V> encoded = Entries.of(entries, context);
    encoded.record(context.store().putAll(encoded.keyBytes(), encoded.valueBytes(), context.expiry().creation(),
        context.expiry().update(), context.events().wantsOldValues()), context);
  }

  /** The entries of a putAll in order, and their encoded keys and values. */
  record Entries<K, V>(List<K> keys, List<V> values, List<byte[]> keyBytes, List<byte[]> valueBytes) {

    static <K, V> Entries<K, V> of(Map<K, V> entries, CacheContext<K, V> context) {
      int size = entries.size();
      Entries<K, V> encoded = new Entries<>(new ArrayList<>(size), new ArrayList<>(size), new ArrayList<>(size),
          new ArrayList<>(size));
      for (Map.Entry<K, V> entry : entries.entrySet()) {
        encoded.keys.add(entry.getKey());
        encoded.values.add(entry.getValue());
        encoded.keyBytes.add(context.encodeKey(entry.getKey()));
        encoded.valueBytes.add(context.encodeValue(entry.getValue()));
      }
      return encoded;
    }

    /** Counts and announces the writes as Redis reported them. */
    void record(List<WriteResult> results, CacheContext<K, V> context) {
      for (int i = 0; i < keys.size(); i++) {
        context.recordWrite(keys.get(i), values.get(i), results.get(i), Condition.ALWAYS);
      }
    }
  }

  /** Removes the keys (writer first, then one GETDEL pipeline); returns how many entries existed. */
  long removeAll(Set<? extends K> keys) {
    requireKeys(keys);
    long start = context.statistics().start();
    List<K> toRemove = new ArrayList<>(keys);
    CacheWriterException failure = null;
    if (context.loaderWriter().writeThrough()) {
      Collection<K> undeleted = new ArrayList<>(toRemove);
      failure = context.loaderWriter().deleteAll(undeleted);
      if (failure != null) {
        toRemove.removeAll(new HashSet<>(undeleted));
      }
    }
    List<byte[]> previous = context.store().getAndDeleteAll(encodeKeys(toRemove));
    long removed = 0;
    for (int i = 0; i < toRemove.size(); i++) {
      if (previous.get(i) != null) {
        removed++;
        if (!context.events().isEmpty()) {
          K key = toRemove.get(i);
          context.events().removed(key, context.decodeValue(key, previous.get(i)));
        }
      }
    }
    context.statistics().removals(removed);
    context.statistics().removeTime(start);
    if (failure != null) {
      throw failure;
    }
    return removed;
  }

  /** Every key of the cache, found with SCAN. */
  Set<K> allKeys() {
    Set<K> keys = new HashSet<>();
    scan(context.keyCodec().scanPattern(), batch -> keys.addAll(context.decodeKeys(batch)));
    return keys;
  }

  /** Deletes every entry without listeners, writer or statistics: SCAN and UNLINK in batches. */
  void clear() {
    scan(context.keyCodec().scanPattern(), batch -> context.store().unlink(batch));
  }

  /**
   * Runs SCAN to the end (on a cluster: on every master), handing each non-empty batch of Redis keys to the
   * consumer.
   */
  void scan(byte[] pattern, Consumer<List<byte[]>> consumer) {
    KeyScanner keys = context.store().scanner(pattern, SCAN_BATCH);
    while (keys.hasNext()) {
      List<byte[]> batch = keys.next();
      if (!batch.isEmpty()) {
        consumer.accept(batch);
      }
    }
  }

  void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    requireKeys(keys);
    if (!context.loaderWriter().hasLoader()) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    executor.execute(() -> {
      try {
        List<K> toLoad = replaceExisting ? requested : absent(requested);
        if (!toLoad.isEmpty()) {
          storeLoaded(loaded(context.loaderWriter().loadAll(toLoad)), replaceExisting);
        }
        if (listener != null) {
          listener.onCompletion();
        }
      } catch (Exception e) {
        if (listener != null) {
          listener.onException(e);
        }
      }
    });
  }

  private List<K> absent(List<K> keys) {
    List<byte[]> values = context.store().getAll(encodeKeys(keys));
    List<K> absent = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (values.get(i) == null) {
        absent.add(keys.get(i));
      }
    }
    return absent;
  }

  List<byte[]> encodeKeys(List<K> keys) {
    List<byte[]> encoded = new ArrayList<>(keys.size());
    for (K key : keys) {
      encoded.add(context.encodeKey(key));
    }
    return encoded;
  }
}
