package io.jcacheredis.cache;

import javax.cache.Cache;

/** An entry handed out by the cache iterator: a snapshot of the key and value when it was read. */
final class RedisCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  RedisCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
