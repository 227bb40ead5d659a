package io.jcacheredis.cache;

import io.jcacheredis.AsyncRedisCache;
import io.jcacheredis.store.AsyncEntryStore;

/** Which {@link AsyncRedisCache} a cache has, chosen once by {@link CacheFactory} before the cache exists. */
enum AsyncExtensionKind {
  /** Every call runs the blocking cache operation on the workers ({@link AsyncRedisCacheAdapter}). */
  ON_WORKERS,
  /**
   * The cache's store sends without waiting ({@link AsyncEntryStore}: the multiplexed mode, no near cache, no
   * published changes): stages completed from the replies where they can be ({@link ReplyCompletedAsyncCache}),
   * the rest on the workers.
   */
  FROM_REPLIES;

  <K, V> AsyncRedisCache<K, V> create(RedisCache<K, V> cache, CacheContext<K, V> context,
      AsyncRedisCacheAdapter.Operations<K, V> operations, Wiring wiring) {
    AsyncRedisCacheAdapter<K, V> onWorkers =
        new AsyncRedisCacheAdapter<>(cache, context, operations, wiring.ignoredFailures());
    if (this == ON_WORKERS) {
      return onWorkers;
    }
    return new ReplyCompletedAsyncCache<>(cache, context, (AsyncEntryStore) context.store(), onWorkers, operations,
        wiring);
  }
}
