package io.jcacheredis.event;

import javax.cache.event.EventType;

/**
 * A change made by one operation, collected while the operation runs and dispatched once it has completed.
 *
 * @param value the new value (for REMOVED and EXPIRED: the value that was removed)
 * @param oldValue the previous value (UPDATED, REMOVED, EXPIRED), or null
 */
record EntryChange<K, V>(EventType type, K key, V value, V oldValue) {

  public static <K, V> EntryChange<K, V> created(K key, V value) {
    return new EntryChange<>(EventType.CREATED, key, value, null);
  }

  public static <K, V> EntryChange<K, V> updated(K key, V value, V oldValue) {
    return new EntryChange<>(EventType.UPDATED, key, value, oldValue);
  }

  public static <K, V> EntryChange<K, V> removed(K key, V oldValue) {
    return new EntryChange<>(EventType.REMOVED, key, oldValue, oldValue);
  }
}
