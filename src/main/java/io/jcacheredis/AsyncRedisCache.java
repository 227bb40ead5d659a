package io.jcacheredis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * What JCache cannot express, over the same entries as the JCache view (same keys, same codec): obtain it with
 * {@code cache.unwrap(AsyncRedisCache.class)}. Every method returns at once with a {@link CompletionStage}. How it
 * completes depends on the manager's connection mode ({@code jcache.redis.connection-mode}):
 *
 * <ul>
 *   <li>{@code pooled} (the default): the Redis work runs on the cache manager's worker threads, handed over as soon
 *       as the caller composes with the stage ({@code thenApply}, {@code whenComplete}, ...), makes another call, or
 *       waits for another one. A caller whose next step is to block on the result ({@code
 *       toCompletableFuture().join()} or {@code get()} without timeout) runs the call on its own thread instead,
 *       which saves waking a worker and being woken by it. A stage nobody composes with or waits for (dropped, or
 *       only passed to {@code CompletableFuture.allOf}) starts on a worker within about 4 ms, and within a fraction
 *       of a millisecond while such calls keep coming.</li>
 *   <li>{@code multiplexed}: {@link #get}, {@link #put}, {@link #remove}, {@link #getAll}, {@link #putAll},
 *       {@link #set}, {@link #incr}, {@link #ttl}, {@link #persist} and {@link #expire} write their commands to the
 *       shared connections and return; the connection's reply reader
 *       completes the stage, with no worker thread per call (also a stage nobody waits for). Whatever the
 *       application composes with such a stage without naming an executor runs on the manager's workers, never on
 *       the reader, as do a CacheLoader loading a miss and synchronous listeners; only {@code
 *       CompletableFuture.allOf}/{@code anyOf} over these stages complete on the reader, so what follows them must
 *       not block (or use an {@code ...Async} method). The SCAN loops, and the methods above where a CacheWriter
 *       or an expiry policy that is asked must run (see {@code docs/connections.md}), or in a cache with a near
 *       cache or remote events, run on a worker each.</li>
 * </ul>
 *
 * <p>Callers that compose stages never block. Calls are not ordered with one another: a read that must see a write
 * composes with, or waits for, the write's stage.
 * Arguments are checked before the method returns (a null key throws NullPointerException, a closed cache
 * IllegalStateException); Redis failures complete the stage exceptionally with a {@link javax.cache.CacheException}
 * whose cause is the Redis error.
 *
 * <p>In a cache that ignores Redis failures ({@link RedisCacheConfiguration#setIgnoreExceptions}, or {@code
 * jcache.redis.ignore-exceptions}), a Redis failure completes the stage normally instead, with what each method
 * names ("when ignoring"), as the JCache view does; failures of the loader or writer still fail the stage.
 *
 * <p>Statistics, listeners, the loader/writer and the expiry policy see these operations as they see the matching
 * JCache operations: {@link #get}, {@link #put}, {@link #remove}, {@link #getAll}, {@link #putAll} <em>are</em> those
 * operations, {@link #set} is put / putIfAbsent / replace, {@link #deletePattern} is removeAll of the matching keys,
 * and {@link #incr} counts as an update. {@link #expire} and {@link #persist} change only the TTL; {@link #expire}
 * to zero removes the entry and reports it to listeners as EXPIRED. The semantics follow the django-async-redis
 * reference; differences are noted per method.
 *
 * <p>Glob patterns ({@link #keys}, {@link #scan}, {@link #deletePattern}) are Redis's: {@code *}, {@code ?},
 * {@code [abc]}, with {@code \} escaping a literal; use {@link #escapeGlob} to match a key text literally. They apply
 * to the key text of String keys, inside this cache only: keys of other caches and of other applications never
 * match.
 */
public interface AsyncRedisCache<K, V> {

  /** {@code Cache.get}: the value, or null (read-through applies). When ignoring: a miss, read-through still loads. */
  CompletionStage<V> get(K key);

  /** {@code Cache.put}. When ignoring: the write is dropped. */
  CompletionStage<Void> put(K key, V value);

  /** {@code Cache.remove(key)}: whether an entry was removed. When ignoring: false. */
  CompletionStage<Boolean> remove(K key);

  /** {@code Cache.getAll}: one MGET. When ignoring: all misses, read-through still loads. */
  CompletionStage<Map<K, V>> getAll(Set<? extends K> keys);

  /** {@code Cache.putAll}: one pipeline. When ignoring: the writes are dropped. */
  CompletionStage<Void> putAll(Map<? extends K, ? extends V> entries);

  /**
   * Sets a value under conditions and with an optional explicit timeout (see {@link SetOptions}); completes with
   * whether the value was set. With {@code ifAbsent} it is {@code putIfAbsent}, with {@code ifPresent} {@code
   * replace}, else {@code put}. A timeout of zero stores nothing and removes the existing value (when the condition
   * holds), completing with whether the condition held (so true without conditions, even for a missing key, where
   * the reference answers 0); the writer sees the write as it sees a put whose expiry policy says zero. When
   * ignoring: false.
   */
  CompletionStage<Boolean> set(K key, V value, SetOptions options);

  /**
   * The remaining time to live, as the reference reports it: {@link Duration#ZERO} when the key does not exist (or
   * has just expired), {@code null} when it exists without expiry, else the remaining time (millisecond precision,
   * where the reference gives whole seconds). When ignoring: {@link Duration#ZERO}, a miss (the reference returns
   * None, which here would mean "exists without expiry").
   */
  CompletionStage<Duration> ttl(K key);

  /** Removes the key's expiry; completes with whether the key existed. When ignoring: false. */
  CompletionStage<Boolean> persist(K key);

  /**
   * Gives the key a new time to live (zero or negative: it expires at once and is removed); completes with whether
   * the key existed. When ignoring: false.
   */
  CompletionStage<Boolean> expire(K key, Duration timeout);

  /**
   * All keys of this cache whose text matches the glob, found with SCAN (never KEYS). For large caches prefer
   * {@link #scan}, which does not collect them all. When ignoring: an empty list.
   */
  CompletionStage<List<K>> keys(String glob);

  /**
   * The keys of this cache matching the glob, fetched lazily with SCAN in batches as the subscriber requests them;
   * cancelling the subscription stops the scan. Each subscription starts a new scan. As with SCAN, a key changed
   * during the scan may be missed or, rarely, delivered twice. A Redis failure is the subscriber's onError; when
   * ignoring, the scan ends there with onComplete after the keys already delivered.
   */
  Flow.Publisher<K> scan(String glob);

  /**
   * Removes every key of this cache matching the glob, in batches; completes with how many were removed. When
   * ignoring: 0 (batches removed before the failure stay removed).
   */
  CompletionStage<Long> deletePattern(String glob);

  /**
   * Adds {@code delta} atomically in Redis (INCRBY) and completes with the new value. The entry's TTL is kept (or
   * set as the expiry policy says for updates). Differences from the reference: a missing key completes
   * exceptionally with {@link java.util.NoSuchElementException} (the reference raises ValueError), and a value that
   * is not a {@link Long} (Longs are stored as decimal text), or an overflow, completes exceptionally with {@link
   * ArithmeticException}; nothing is changed in those cases. The cache's value type must be {@code Long} or
   * {@code Object}: for any other, incr throws {@link UnsupportedOperationException} at once. When ignoring: null
   * (as the reference's None).
   */
  CompletionStage<Long> incr(K key, long delta);

  /** {@code incr(key, -delta)}. */
  default CompletionStage<Long> decr(K key, long delta) {
    return incr(key, Math.negateExact(delta));
  }

  /** Escapes Redis glob characters so the text matches itself literally. */
  static String escapeGlob(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 4);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
