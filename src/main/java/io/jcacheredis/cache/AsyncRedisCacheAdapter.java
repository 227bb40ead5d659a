package io.jcacheredis.cache;

import io.jcacheredis.AsyncRedisCache;
import io.jcacheredis.SetOptions;
import io.jcacheredis.store.AsyncKeyScanner;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The {@link AsyncRedisCache} of one cache: each call validates its arguments, then runs the matching cache
 * operation (so statistics, listeners, writer and expiry see it) or Redis command on the manager's worker threads as
 * its {@link WorkerCalls} do: in the pooled connection mode as an {@link AsyncCall} (on the caller's thread when it
 * waits for the result). In the multiplexed mode {@link ReplyCompletedAsyncCache} wraps it for the operations it
 * cannot complete from a reply.
 */
final class AsyncRedisCacheAdapter<K, V> implements AsyncRedisCache<K, V> {

  private final RedisCache<K, V> cache;
  private final CacheContext<K, V> context;
  private final BulkOperations<K, V> bulk;
  private final EntryWrites<K, V> writes;
  private final Executor executor;
  private final WorkerCalls calls;
  private final IgnoredFailures ignored;

  /**
   * @param ignored when not null, a Redis failure completes with the call's fallback instead of failing, like the
   *     cache's failure-ignoring view
   */
  AsyncRedisCacheAdapter(RedisCache<K, V> cache, CacheContext<K, V> context, Operations<K, V> operations,
      IgnoredFailures ignored) {
    this.cache = cache;
    this.context = context;
    this.bulk = operations.bulk();
    this.writes = operations.writes();
    this.executor = operations.executor();
    this.calls = operations.calls();
    this.ignored = ignored;
  }

  /**
   * The operations of the cache the extension runs asynchronously, the manager's workers, and how a call runs on
   * them.
   */
  record Operations<K, V>(BulkOperations<K, V> bulk, EntryWrites<K, V> writes, Executor executor,
      WorkerCalls calls) {
  }

  private <T> CompletionStage<T> async(Supplier<T> work) {
    return async(work, null);
  }

  /**
   * Runs the work on a worker thread as the cache's {@link WorkerCalls} do (in the pooled mode, on the caller's if
   * its next step is to wait for the result: {@link AsyncCall}); when ignoring failures, a Redis failure completes
   * with the fallback.
   */
  private <T> CompletionStage<T> async(Supplier<T> work, T fallback) {
    cache.ensureOpen();
    return calls.submit(work, ignored, fallback);
  }

  /** Checks a key as every method does and encodes it. */
  byte[] key(K key) {
    Objects.requireNonNull(key, "key");
    context.checkKeyType(key);
    return context.encodeKey(key);
  }

  /** Through the cache's view: when ignoring failures, a read Redis fails is a miss that still reads through. */
  @Override
  public CompletionStage<V> get(K key) {
    Objects.requireNonNull(key, "key");
    return async(() -> cache.view().get(key));
  }

  @Override
  public CompletionStage<Void> put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return async(() -> {
      cache.put(key, value);
      return null;
    });
  }

  @Override
  public CompletionStage<Boolean> remove(K key) {
    Objects.requireNonNull(key, "key");
    return async(() -> cache.remove(key), false);
  }

  @Override
  public CompletionStage<Map<K, V>> getAll(Set<? extends K> keys) {
    BulkOperations.requireKeys(keys);
    return async(() -> cache.view().getAll(keys), Map.of());
  }

  @Override
  public CompletionStage<Void> putAll(Map<? extends K, ? extends V> entries) {
    Objects.requireNonNull(entries, "entries");
    return async(() -> {
      cache.putAll(entries);
      return null;
    });
  }

  @Override
  public CompletionStage<Boolean> set(K key, V value, SetOptions options) {
    byte[] keyBytes = key(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(options, "options");
    context.checkValueType(value);
    Duration timeout = options.timeout();
    if (timeout == null && !options.neverExpires()) {
      return async(() -> options.onlyIfPresent() ? cache.replace(key, value)
          : options.onlyIfAbsent() ? cache.putIfAbsent(key, value) : setAlways(key, value), false);
    }
    Ttl ttl = options.neverExpires() ? Ttl.ETERNAL : Ttl.ofMillis(timeout.toMillis());
    Condition condition = condition(options);
    return async(() -> ttl.isExpired() ? setExpired(key, keyBytes, value, condition) : setWithTtl(key, keyBytes,
        value, condition, ttl), false);
  }

  /** The condition of a set. */
  static Condition condition(SetOptions options) {
    return options.onlyIfPresent() ? Condition.IF_PRESENT
        : options.onlyIfAbsent() ? Condition.IF_ABSENT : Condition.ALWAYS;
  }

  private boolean setAlways(K key, V value) {
    cache.put(key, value);
    return true;
  }

  /** An explicit timeout replaces the expiry policy; the writer still sees the write, before Redis does. */
  private boolean setWithTtl(K key, byte[] keyBytes, V value, Condition condition, Ttl ttl) {
    if (context.loaderWriter().writeThrough() && condition != Condition.ALWAYS) {
      boolean present = context.store().exists(keyBytes);
      if (present != (condition == Condition.IF_PRESENT)) {
        context.statistics().hitOrMiss(present);
        return false;
      }
    }
    context.loaderWriter().write(key, value);
    WriteResult result = context.store().put(keyBytes, context.encodeValue(value), condition, ttl, ttl,
        !context.events().isEmpty());
    return recordSet(key, value, condition, result);
  }

  /** Counts and announces a set with an explicit timeout as Redis reported it; whether the value was written. */
  boolean recordSet(K key, V value, Condition condition, WriteResult result) {
    if (condition != Condition.ALWAYS) {
      context.statistics().hitOrMiss(result.existed());
    }
    context.recordWrite(key, value, result, condition);
    return result.written();
  }

  /**
   * Timeout zero: as a put whose expiry policy says zero, the writer sees the write (when the condition holds), then
   * nothing is stored and an existing value goes.
   */
  private boolean setExpired(K key, byte[] keyBytes, V value, Condition condition) {
    if (condition == Condition.IF_PRESENT && context.loaderWriter().writeThrough()) {
      if (!context.store().exists(keyBytes)) {
        return false;
      }
    } else if (condition == Condition.IF_ABSENT) {
      if (context.store().exists(keyBytes)) {
        return false;
      }
      context.loaderWriter().write(key, value);
      return true;
    }
    context.loaderWriter().write(key, value);
    return expireNow(key, keyBytes, condition);
  }

  /**
   * The entry expires at once: an existing value goes (GETDEL, as an access expiry of zero, so that other JVMs
   * hearing this cache's changes hear an expiry too), reported to listeners as EXPIRED.
   */
  private boolean expireNow(K key, byte[] keyBytes, Condition condition) {
    byte[] old = context.store().getAndTouch(keyBytes, Ttl.EXPIRED);
    if (old != null) {
      V value = context.decodeValue(key, old);
      context.events().expired(key, value);
    }
    return condition == Condition.ALWAYS || old != null;
  }

  @Override
  public CompletionStage<Duration> ttl(K key) {
    byte[] keyBytes = key(key);
    return async(() -> timeToLive(context.store().pttl(keyBytes)), Duration.ZERO);
  }

  /** PTTL's reply as {@link #ttl} completes with it. */
  static Duration timeToLive(long millis) {
    return millis == -2 ? Duration.ZERO : millis == -1 ? null : Duration.ofMillis(millis);
  }

  @Override
  public CompletionStage<Boolean> persist(K key) {
    byte[] keyBytes = key(key);
    return async(() -> context.store().setTtlIfExists(keyBytes, Ttl.ETERNAL), false);
  }

  @Override
  public CompletionStage<Boolean> expire(K key, Duration timeout) {
    byte[] keyBytes = key(key);
    Objects.requireNonNull(timeout, "timeout");
    Ttl ttl = Ttl.ofMillis(timeout.toMillis());
    if (!ttl.isExpired()) {
      return async(() -> context.store().setTtlIfExists(keyBytes, ttl), false);
    }
    return async(() -> expireNow(key, keyBytes, Condition.IF_PRESENT), false);
  }

  @Override
  public CompletionStage<List<K>> keys(String glob) {
    byte[] pattern = pattern(glob);
    return async(() -> {
      Set<K> keys = new HashSet<>();
      bulk.scan(pattern, batch -> keys.addAll(context.decodeKeys(batch)));
      return new ArrayList<>(keys);
    }, List.of());
  }

  @Override
  public Flow.Publisher<K> scan(String glob) {
    byte[] pattern = pattern(glob);
    cache.ensureOpen();
    return new KeyScanPublisher<>(context, (match, count) -> AsyncKeyScanner.of(context.store().scanner(match, count)),
        pattern, executor, ignored);
  }

  @Override
  public CompletionStage<Long> deletePattern(String glob) {
    byte[] pattern = pattern(glob);
    return async(() -> {
      long[] removed = {0};
      bulk.scan(pattern, batch -> {
        removed[0] += bulk.removeAll(new HashSet<>(context.decodeKeys(batch)));
      });
      return removed[0];
    }, 0L);
  }

  @Override
  public CompletionStage<Long> incr(K key, long delta) {
    byte[] keyBytes = key(key);
    requireLongValues();
    return async(() -> writes.increment(key, keyBytes, delta));
  }

  /** incr's check of the cache's value type. */
  void requireLongValues() {
    Class<?> valueType = cache.configuration().getValueType();
    if (!valueType.isAssignableFrom(Long.class)) {
      throw new UnsupportedOperationException("incr needs Long values, but cache " + cache.getName()
          + " holds " + valueType.getName());
    }
  }

  /** Checks a glob and makes it the cache's SCAN pattern. */
  byte[] pattern(String glob) {
    Objects.requireNonNull(glob, "glob");
    return context.keyCodec().scanPattern(glob);
  }
}
