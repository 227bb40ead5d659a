package io.jcacheredis.transaction;

import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.Ttl;

/**
 * What a read-decide-write transaction needs of the cache it runs in: the Redis store and the cache's locks, its
 * codecs, its CacheLoader and CacheWriter, the TTLs its expiry policy asks for, and where a committed change is
 * announced. The cache implements it; a transaction knows nothing else of the cache.
 */
public interface TransactionContext<K, V> {

  /** Where the entries live. */
  EntryStore store();

  /** The locks serializing transactions on one key within this JVM. */
  KeyLocks locks();

  /** The Redis key of a cache key. */
  byte[] encodeKey(K key);

  /** The stored form of a value; fails for a value that cannot be stored. */
  byte[] encodeValue(V value);

  /** A stored value, for old values a change reports: null (never an exception) when it cannot be read. */
  V decodeValue(K key, byte[] bytes);

  /** A stored value a caller reads: as {@link #decodeValue}, or an exception if the cache is set to throw. */
  V readValue(K key, byte[] bytes);

  /** Throws ClassCastException when a value has the wrong configured type. */
  void checkValueType(V value);

  /** The value the CacheLoader loads for a missing entry when read-through is configured, else null. */
  V readThrough(K key);

  /** Writes a value through the CacheWriter, if one is configured, before it reaches Redis. */
  void writeThrough(K key, V value);

  /** Deletes a key through the CacheWriter, if one is configured, before it is removed from Redis. */
  void deleteThrough(K key);

  /** The TTL of an entry created now, from the expiry policy. */
  Ttl creationTtl();

  /** The TTL of an entry updated now, from the expiry policy. */
  Ttl updateTtl();

  /** The TTL of an entry read now, from the expiry policy. */
  Ttl accessTtl();

  /**
   * Whether a transaction may start from the value this JVM last stored for the key ({@link
   * EntryStore#lastStored}) instead of reading it: only when an attempt that is thrown away (the guess was outdated)
   * has no effect beyond the decision itself: no CacheWriter, an expiry policy of constant TTLs.
   */
  boolean mayStartFromLastStored();

  /**
   * Announces a committed transaction to the cache's listeners.
   *
   * @param written whether a value was stored
   */
  void committed(EntryTransaction<K, V> transaction, boolean written);
}
