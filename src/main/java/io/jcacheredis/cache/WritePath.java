package io.jcacheredis.cache;

/**
 * How a cache's single-entry writes reach Redis, chosen once by {@link CacheFactory} before the cache exists: {@link
 * DirectWrites} (one Redis command or script, creation vs update decided inside Redis) or {@link
 * TransactionalWrites} (read, decide in this JVM, compare-and-set). Arguments are checked and the key encoded by the
 * cache before they get here; {@link EntryWrites} times the operations.
 */
interface WritePath<K, V> {

  void put(K key, byte[] keyBytes, V value);

  V getAndPut(K key, byte[] keyBytes, V value);

  boolean putIfAbsent(K key, byte[] keyBytes, V value);

  /** Replaces an existing entry; returns its old value (when asked) or a non-null marker, null when absent. */
  V replace(K key, byte[] keyBytes, V value, boolean wantOld);

  boolean replace(K key, byte[] keyBytes, V oldValue, V newValue);

  boolean remove(K key, byte[] keyBytes, V oldValue);

  /** Adds {@code delta} to the Long value of an existing entry; returns the sum (the extension's {@code incr}). */
  long increment(K key, byte[] keyBytes, long delta);

  /** The two write paths, for {@link CacheFactory} to name the one it chose. */
  enum Kind {
    /** A standard expiry policy and no CacheWriter: {@link DirectWrites}. */
    DIRECT,
    /** A caller-defined expiry policy or a CacheWriter: {@link TransactionalWrites}. */
    TRANSACTIONAL;

    <K, V> WritePath<K, V> create(CacheContext<K, V> context) {
      TransactionalWrites<K, V> transactional = new TransactionalWrites<>(context);
      return this == DIRECT ? new DirectWrites<>(context, transactional) : transactional;
    }
  }
}
