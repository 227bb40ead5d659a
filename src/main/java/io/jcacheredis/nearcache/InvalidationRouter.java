package io.jcacheredis.nearcache;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands each invalidated Redis key to the local entries of the cache it belongs to. Keys are
 * {@code <prefix>:<cache>:<key>} with prefix and cache name escaped so that neither contains a colon
 * ({@link io.jcacheredis.codec.KeyCodec}): the cache's part ends at the first colon after the manager's prefix.
 * Keys of no near-cached cache (a stored configuration, another cache) are ignored.
 */
final class InvalidationRouter {

  private static final byte COLON = ':';

  private final int namespaceLength;
  private final ConcurrentMap<ByteKey, LocalEntries> caches = new ConcurrentHashMap<>();

  /** @param namespacePrefix the manager's key prefix with its colon ({@code jcache:}) */
  InvalidationRouter(byte[] namespacePrefix) {
    this.namespaceLength = namespacePrefix.length;
  }

  /** From now on the keys starting with {@code cachePrefix} ({@code jcache:name:}) are invalidated in {@code local}. */
  void register(byte[] cachePrefix, LocalEntries local) {
    caches.put(new ByteKey(cachePrefix), local);
  }

  void unregister(byte[] cachePrefix, LocalEntries local) {
    caches.remove(new ByteKey(cachePrefix), local);
  }

  /** Forgets one Redis key in the cache it belongs to, if that cache is near-cached here. */
  void invalidate(byte[] redisKey) {
    for (int i = namespaceLength; i < redisKey.length; i++) {
      if (redisKey[i] == COLON) {
        LocalEntries local = caches.get(new ByteKey(Arrays.copyOf(redisKey, i + 1)));
        if (local != null) {
          local.invalidate(new ByteKey(redisKey));
        }
        return;
      }
    }
  }

  /** Forgets everything every near-cached cache holds (a flush of the database, a loss of invalidation). */
  void clearAll() {
    for (LocalEntries local : caches.values()) {
      local.clear();
    }
  }
}
