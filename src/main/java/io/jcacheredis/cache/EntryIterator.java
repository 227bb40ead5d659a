package io.jcacheredis.cache;

import io.jcacheredis.store.KeyScanner;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.cache.Cache;

/**
 * Iterates a cache with SCAN (never KEYS; on a cluster every master in turn), fetching values with one MGET per
 * batch (on a cluster: one per slot, in one pipeline per master). Entries that expired between SCAN and MGET are
 * skipped; SCAN may report a key twice, so keys already returned are remembered. Each entry returned counts as a
 * hit and as an access for the expiry policy; {@link #remove()} removes through the cache, so listeners, writer and
 * statistics see it.
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private static final int BATCH = 100;

  private final CacheContext<K, V> context;
  private final RedisCache<K, V> cache;
  private final KeyScanner scanner;
  private final ArrayDeque<Fetched<K, V>> pending = new ArrayDeque<>();
  private final Set<ByteBuffer> seen = new HashSet<>();
  private K lastKey;

  EntryIterator(CacheContext<K, V> context, RedisCache<K, V> cache) {
    this.context = context;
    this.cache = cache;
    this.scanner = context.store().scanner(context.keyCodec().scanPattern(), BATCH);
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty() && scanner.hasNext()) {
      fetch();
    }
    return !pending.isEmpty();
  }

  private void fetch() {
    List<byte[]> page = scanner.next();
    List<byte[]> keys = new ArrayList<>(page.size());
    for (byte[] key : page) {
      if (seen.add(ByteBuffer.wrap(key))) {
        keys.add(key);
      }
    }
    List<byte[]> values = context.store().getAll(keys);
    for (int i = 0; i < keys.size(); i++) {
      byte[] valueBytes = values.get(i);
      K key = valueBytes == null ? null : context.decodeKey(keys.get(i));
      V value = key == null ? null : context.readValue(key, valueBytes);
      if (value != null) {
        pending.add(new Fetched<>(keys.get(i), valueBytes, key, value));
      }
    }
  }

  @Override
  public Cache.Entry<K, V> next() {
    cache.ensureOpen();
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Fetched<K, V> entry = pending.poll();
    context.statistics().hits(1);
    cache.touch(entry.keyBytes(), entry.valueBytes());
    lastKey = entry.key();
    return new RedisCacheEntry<>(entry.key(), entry.value());
  }

  /** An entry read by MGET and decoded (entries that cannot be read are skipped before this). */
  private record Fetched<K, V>(byte[] keyBytes, byte[] valueBytes, K key, V value) {
  }

  @Override
  public void remove() {
    cache.ensureOpen();
    if (lastKey == null) {
      throw new IllegalStateException("next() has not been called, or remove() was already called for this entry");
    }
    cache.removeEntry(lastKey, false);
    lastKey = null;
  }
}
