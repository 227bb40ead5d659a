package io.jcacheredis.cache;

import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.event.EntryChange;
import io.jcacheredis.event.EventDispatcher;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.WriteResult;
import java.util.concurrent.locks.ReentrantLock;
import javax.cache.Cache;

/**
 * Everything an operation on one cache needs, built once by the cache manager: codecs, the Redis store, expiry,
 * loader/writer, listeners and statistics. Operations and entry processors share it instead of reaching into the
 * cache.
 */
public final class CacheContext<K, V> {

  private static final int LOCK_STRIPES = 256;

  private final Cache<K, V> cache;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final KeyCodec keys;
  private final ValueCodec values;
  private final EntryStore store;
  private final ExpiryAdapter expiry;
  private final LoaderWriter<K, V> loaderWriter;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  CacheContext(Cache<K, V> cache, Class<K> keyType, Class<V> valueType, KeyCodec keys, ValueCodec values,
      EntryStore store, ExpiryAdapter expiry, LoaderWriter<K, V> loaderWriter, CacheStatistics statistics) {
    this.cache = cache;
    this.keyType = keyType;
    this.valueType = valueType;
    this.keys = keys;
    this.values = values;
    this.store = store;
    this.expiry = expiry;
    this.loaderWriter = loaderWriter;
    this.events = new EventDispatcher<>(cache);
    this.statistics = statistics;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  public Cache<K, V> cache() {
    return cache;
  }

  public EntryStore store() {
    return store;
  }

  public ExpiryAdapter expiry() {
    return expiry;
  }

  public LoaderWriter<K, V> loaderWriter() {
    return loaderWriter;
  }

  public EventDispatcher<K, V> events() {
    return events;
  }

  public CacheStatistics statistics() {
    return statistics;
  }

  public KeyCodec keyCodec() {
    return keys;
  }

  public byte[] encodeKey(K key) {
    return keys.encode(key);
  }

  @SuppressWarnings("unchecked")
  public K decodeKey(byte[] redisKey) {
    return (K) keys.decode(redisKey);
  }

  public byte[] encodeValue(V value) {
    return values.encode(value);
  }

  /** Decodes a stored value; null stays null. */
  @SuppressWarnings("unchecked")
  public V decodeValue(byte[] bytes) {
    return bytes == null ? null : (V) values.decode(bytes);
  }

  /** Throws ClassCastException (as the spec requires) when a key has the wrong configured type. */
  public void checkKeyType(K key) {
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Key " + key + " is a " + key.getClass().getName() + ", but cache "
          + cache.getName() + " is configured for keys of type " + keyType.getName());
    }
  }

  /** Throws ClassCastException when a value has the wrong configured type. */
  public void checkValueType(V value) {
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("Value " + value + " is a " + value.getClass().getName() + ", but cache "
          + cache.getName() + " is configured for values of type " + valueType.getName());
    }
  }

  /** Counts and announces a direct-path write from what Redis reported. */
  public void recordWrite(K key, V value, WriteResult result, Condition condition) {
    if (result.existed()) {
      if (condition == Condition.IF_ABSENT) {
        return;
      }
      statistics.puts(1);
      if (!events.isEmpty()) {
        events.dispatch(EntryChange.updated(key, value, decodeValue(result.previous())));
      }
    } else if (result.written()) {
      statistics.puts(1);
      events.dispatch(EntryChange.created(key, value));
    }
  }

  /**
   * The lock serializing read-decide-write operations on one key within this JVM, so concurrent invokes here run a
   * processor only as often as needed. Across JVMs the compare-and-set commit keeps them atomic; nothing is locked in
   * Redis, so a crashed JVM leaves nothing behind.
   */
  public ReentrantLock lockFor(byte[] keyBytes) {
    return locks[(java.util.Arrays.hashCode(keyBytes) & 0x7fffffff) % LOCK_STRIPES];
  }
}
