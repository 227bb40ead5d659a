package io.jcacheredis.cache;

import io.jcacheredis.AsyncRedisCache;
import io.jcacheredis.SetOptions;
import io.jcacheredis.store.AsyncEntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.util.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The {@link AsyncRedisCache} of a cache whose store sends commands without waiting ({@link AsyncEntryStore}, the
 * multiplexed connection mode): {@link #get} and {@link #getAll} (with a constant expiry policy), {@link #put},
 * {@link #putAll} and {@link #incr} (when puts are decided in Redis: a constant expiry policy, no CacheWriter),
 * {@link #remove} and {@link #set} (without a CacheWriter), {@link #ttl}, {@link #persist} and {@link #expire} send
 * their commands and return; the connection's reply reader completes the stage, with no worker thread and no thread
 * waiting. Steps that run application code (a CacheLoader on a miss, listeners) run on the manager's executor, as
 * does whatever the application composes with the stage ({@link OffReaderStage}). The SCAN loops ({@link #keys},
 * {@link #scan}, {@link #deletePattern} without a CacheWriter) send each step once the previous one's reply is in,
 * from the reader; only the subscriber of {@link #scan} is called on the executor. The methods above where the named
 * application code runs, or under the other conditions each method names, are those of the worker-thread extension
 * it wraps.
 */
final class ReplyCompletedAsyncCache<K, V> implements AsyncRedisCache<K, V> {

  private final RedisCache<K, V> cache;
  private final CacheContext<K, V> context;
  private final AsyncEntryStore store;
  private final AsyncRedisCacheAdapter<K, V> onWorkers;
  private final EntryWrites<K, V> writes;
  private final BulkOperations<K, V> bulk;
  private final Executor executor;
  private final IgnoredFailures ignored;
  /** Whether puts are one command decided in Redis ({@link DirectWrites}): then {@link #put} sends it. */
  private final boolean directWrites;

  /**
   * @param onWorkers the extension whose methods this one does not complete from the reply
   * @param operations the cache's writes and the manager's executor
   * @param wiring the cache's write path and whether it ignores Redis failures, as for {@code onWorkers}
   */
  ReplyCompletedAsyncCache(RedisCache<K, V> cache, CacheContext<K, V> context, AsyncEntryStore store,
      AsyncRedisCacheAdapter<K, V> onWorkers, AsyncRedisCacheAdapter.Operations<K, V> operations, Wiring wiring) {
    this.cache = cache;
    this.context = context;
    this.store = store;
    this.onWorkers = onWorkers;
    this.writes = operations.writes();
    this.bulk = operations.bulk();
    this.executor = operations.executor();
    this.ignored = wiring.ignoredFailures();
    this.directWrites = wiring.writePath() == WritePath.Kind.DIRECT;
  }

  /**
   * The reply's step that may run listeners: on the reader when the cache has none, else on the executor (listeners
   * are application code).
   */
  private <T> CompletableFuture<T> afterReply(Supplier<T> step) {
    if (context.events().isEmpty()) {
      return CompletableFuture.completedFuture(step.get());
    }
    return CompletableFuture.supplyAsync(step, executor);
  }

  /**
   * Prepares and sends a call: a failure preparing it (a key or value of the wrong type, a value the codec cannot
   * encode) fails the stage, as it fails the worker-thread extension's.
   */
  private static <T> CompletableFuture<T> sent(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The stage of a reply: completes as {@code reply} does; when ignoring failures, a Redis failure completes it as
   * {@code fallback} does instead.
   */
  private <T> CompletionStage<T> stage(CompletableFuture<T> reply, Supplier<CompletionStage<T>> fallback) {
    return stage(reply, "async operation", fallback);
  }

  /** {@link #stage(CompletableFuture, Supplier)} whose ignored failure is logged as {@code operation}'s. */
  private <T> CompletionStage<T> stage(CompletableFuture<T> reply, String operation,
      Supplier<CompletionStage<T>> fallback) {
    OffReaderStage<T> stage = new OffReaderStage<>(executor);
    reply.whenComplete((value, failure) -> {
      if (failure == null) {
        stage.complete(value);
        return;
      }
      Throwable cause = Futures.cause(failure);
      if (ignored != null && cause instanceof RuntimeException e && IgnoredFailures.isRedisFailure(e)) {
        ignored.ignore(operation, e);
        fallback.get().whenComplete((fallen, fallbackFailure) -> {
          if (fallbackFailure == null) {
            stage.complete(fallen);
          } else {
            stage.completeExceptionally(Futures.cause(fallbackFailure));
          }
        });
      } else {
        stage.completeExceptionally(cause);
      }
    });
    return stage;
  }

  private static <T> Supplier<CompletionStage<T>> fallback(T value) {
    return () -> CompletableFuture.completedFuture(value);
  }

  /**
   * {@code Cache.get} of a constant expiry policy: GET (or GETEX/GETDEL with the access expiry), statistics as the
   * cache counts them; a miss of a read-through cache loads on the executor.
   */
  @Override
  public CompletionStage<V> get(K key) {
    if (!context.expiry().isPure()) {
      return onWorkers.get(key); // the policy is asked on each access: that may be application code
    }
    byte[] keyBytes = onWorkers.key(key);
    cache.ensureOpen();
    long start = context.statistics().start();
    CompletableFuture<V> value = store.getAndTouchAsync(keyBytes, context.expiry().access())
        .thenCompose(bytes -> {
          V read = context.readValue(key, bytes);
          if (read != null) {
            context.statistics().hits(1);
            context.statistics().getTime(start);
            return CompletableFuture.completedFuture(read);
          }
          context.statistics().misses(1);
          if (!context.loaderWriter().readThrough()) {
            context.statistics().getTime(start);
            return CompletableFuture.completedFuture(null);
          }
          return CompletableFuture.supplyAsync(() -> {
            V loaded = cache.loadMissing(key, keyBytes);
            context.statistics().getTime(start);
            return loaded;
          }, executor);
        });
    return stage(value, "get", () -> context.loaderWriter().readThrough()
        ? CompletableFuture.supplyAsync(() -> context.loaderWriter().readThrough(key), executor)
        : CompletableFuture.completedFuture(null));
  }

  /** {@code Cache.put} of a cache whose puts are decided in Redis: one command; statistics and events as it counts. */
  @Override
  public CompletionStage<Void> put(K key, V value) {
    if (!directWrites) {
      return onWorkers.put(key, value); // the writer or the expiry policy is application code
    }
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    cache.ensureOpen();
    return stage(putted(key, value), fallback(null));
  }

  /** A put on the direct write path, its statistics and events. */
  private CompletableFuture<Void> putted(K key, V value) {
    long start = context.statistics().start();
    return sent(() -> {
      context.checkKeyType(key);
      context.checkValueType(value);
      return store.putAsync(context.encodeKey(key), context.encodeValue(value), Condition.ALWAYS,
          context.expiry().creation(), context.expiry().update(), context.events().wantsOldValues());
    }).thenCompose(result -> afterReply(() -> {
      context.recordWrite(key, value, result, Condition.ALWAYS);
      context.statistics().putTime(start);
      return null;
    }));
  }

  /** {@code Cache.remove(key)} of a cache without a CacheWriter: DEL, or GETDEL when listeners want the old value. */
  @Override
  public CompletionStage<Boolean> remove(K key) {
    if (context.loaderWriter().writeThrough()) {
      return onWorkers.remove(key); // the writer is application code
    }
    Objects.requireNonNull(key, "key");
    cache.ensureOpen();
    long start = context.statistics().start();
    CompletableFuture<Boolean> removed;
    if (context.events().wantsOldValues()) {
      removed = sent(() -> {
        context.checkKeyType(key);
        return store.getAndDeleteAsync(context.encodeKey(key));
      }).thenCompose(old -> afterReply(() -> {
        boolean existed = writes.removedValue(key, old) != null;
        writes.removed(existed, start);
        return existed;
      }));
    } else {
      removed = sent(() -> {
        context.checkKeyType(key);
        return store.deleteAsync(context.encodeKey(key));
      }).thenApply(existed -> {
        writes.removed(existed, start);
        return existed;
      });
    }
    return stage(removed, fallback(false));
  }

  /**
   * {@code Cache.getAll} of a constant expiry policy that does not touch entries read: MGET (on a cluster a GET per
   * key), statistics as the cache counts them; the misses of a read-through cache load on the executor.
   */
  @Override
  public CompletionStage<Map<K, V>> getAll(Set<? extends K> keys) {
    if (!context.expiry().isPure() || context.expiry().access().kind() != Ttl.Kind.KEEP) {
      return onWorkers.getAll(keys); // the policy is asked, or entries touched, on each access
    }
    BulkOperations.requireKeys(keys);
    cache.ensureOpen();
    long start = context.statistics().start();
    List<K> keyList = new ArrayList<>(keys);
    List<byte[]> keyBytes = new ArrayList<>(keyList.size());
    CompletableFuture<Map<K, V>> all = sent(() -> {
      keyBytes.addAll(bulk.encodeKeys(keyList));
      return store.getAllAsync(keyBytes);
    }).thenCompose(values -> {
      List<K> missing = new ArrayList<>();
      Map<K, V> found = bulk.found(keyList, keyBytes, values, missing);
      if (bulk.loads(missing)) {
        return CompletableFuture.supplyAsync(() -> bulk.withLoaded(found, missing, start), executor);
      }
      return CompletableFuture.completedFuture(bulk.withLoaded(found, missing, start));
    });
    return stage(all, "getAll", () -> context.loaderWriter().readThrough()
        ? CompletableFuture.supplyAsync(() -> new HashMap<>(context.loaderWriter().loadAll(keys)), executor)
        : CompletableFuture.completedFuture(new HashMap<>()));
  }

  /** {@code Cache.putAll} of a cache whose puts are decided in Redis: each entry's command, sent together. */
  @Override
  public CompletionStage<Void> putAll(Map<? extends K, ? extends V> entries) {
    if (!directWrites) {
      return onWorkers.putAll(entries);
    }
    Objects.requireNonNull(entries, "entries");
    cache.ensureOpen();
    long start = context.statistics().start();
    List<BulkOperations.Entries<K, V>> encoded = new ArrayList<>(1);
    CompletableFuture<Void> written = sent(() -> {
      bulk.requireEntries(entries);
      @SuppressWarnings("unchecked") // read only
      BulkOperations.Entries<K, V> batch = BulkOperations.Entries.of((Map<K, V>) entries, context);
      encoded.add(batch);
      return store.putAllAsync(batch.keyBytes(), batch.valueBytes(), context.expiry().creation(),
          context.expiry().update(), context.events().wantsOldValues());
    }).thenCompose(results -> afterReply(() -> {
      encoded.get(0).record(results, context);
      context.statistics().putTime(start);
      return null;
    }));
    return stage(written, fallback(null));
  }

  /**
   * Without a CacheWriter: with an explicit timeout, one SET (or the {@code put} script) with that TTL; without one
   * and without a condition, a put on the direct write path. Otherwise (a condition following the expiry policy, a
   * timeout of zero, a writer) on a worker.
   */
  @Override
  public CompletionStage<Boolean> set(K key, V value, SetOptions options) {
    byte[] keyBytes = onWorkers.key(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(options, "options");
    context.checkValueType(value);
    Duration timeout = options.timeout();
    boolean explicit = timeout != null || options.neverExpires();
    Ttl ttl = options.neverExpires() ? Ttl.ETERNAL : explicit ? Ttl.ofMillis(timeout.toMillis()) : null;
    Condition condition = AsyncRedisCacheAdapter.condition(options);
    if (context.loaderWriter().writeThrough() || (explicit ? ttl.isExpired()
        : condition != Condition.ALWAYS || !directWrites)) {
      return onWorkers.set(key, value, options);
    }
    cache.ensureOpen();
    if (!explicit) {
      return stage(putted(key, value).thenApply(stored -> true), fallback(false));
    }
    CompletableFuture<Boolean> written = sent(() -> store.putAsync(keyBytes, context.encodeValue(value), condition,
        ttl, ttl, !context.events().isEmpty()))
        .thenCompose(result -> afterReply(() -> onWorkers.recordSet(key, value, condition, result)));
    return stage(written, fallback(false));
  }

  @Override
  public CompletionStage<Duration> ttl(K key) {
    byte[] keyBytes = onWorkers.key(key);
    cache.ensureOpen();
    return stage(store.pttlAsync(keyBytes).thenApply(AsyncRedisCacheAdapter::timeToLive), fallback(Duration.ZERO));
  }

  @Override
  public CompletionStage<Boolean> persist(K key) {
    byte[] keyBytes = onWorkers.key(key);
    cache.ensureOpen();
    return stage(store.setTtlIfExistsAsync(keyBytes, Ttl.ETERNAL), fallback(false));
  }

  /** A positive timeout changes only the TTL; zero removes the entry, its EXPIRED event heard on the executor. */
  @Override
  public CompletionStage<Boolean> expire(K key, Duration timeout) {
    byte[] keyBytes = onWorkers.key(key);
    Objects.requireNonNull(timeout, "timeout");
    Ttl ttl = Ttl.ofMillis(timeout.toMillis());
    cache.ensureOpen();
    if (!ttl.isExpired()) {
      return stage(store.setTtlIfExistsAsync(keyBytes, ttl), fallback(false));
    }
    CompletableFuture<Boolean> expired = store.getAndTouchAsync(keyBytes, Ttl.EXPIRED).thenCompose(old -> {
      if (old == null) {
        return CompletableFuture.completedFuture(false);
      }
      return afterReply(() -> {
        context.events().expired(key, context.decodeValue(key, old));
        return true;
      });
    });
    return stage(expired, fallback(false));
  }

  /** SCAN steps sent one after the other, each when the previous one's reply is in; the keys decoded on the reader. */
  @Override
  public CompletionStage<List<K>> keys(String glob) {
    byte[] pattern = onWorkers.pattern(glob);
    cache.ensureOpen();
    Set<K> keys = new HashSet<>(); // one step at a time: each completion happens before the next step is sent
    CompletableFuture<List<K>> all = sent(() -> KeyWalk.each(store.scannerAsync(pattern, BulkOperations.SCAN_BATCH),
        batch -> {
          keys.addAll(context.decodeKeys(batch));
          return CompletableFuture.completedFuture(null);
        })).thenApply(walked -> new ArrayList<>(keys));
    return stage(all, "keys", fallback(List.of()));
  }

  /** The subscriber is called on the workers; the SCAN steps are sent without a worker waiting for them. */
  @Override
  public Flow.Publisher<K> scan(String glob) {
    byte[] pattern = onWorkers.pattern(glob);
    cache.ensureOpen();
    return new KeyScanPublisher<>(context, store::scannerAsync, pattern, executor, ignored);
  }

  /**
   * Without a CacheWriter: each SCAN step's keys are removed as {@link #remove} removes one (DEL, or GETDEL when
   * listeners want the old value), all sent together, and the next step is sent once they are done; statistics and
   * events as {@code removeAll} of each step's keys counts them. With a writer, on a worker.
   */
  @Override
  public CompletionStage<Long> deletePattern(String glob) {
    if (context.loaderWriter().writeThrough()) {
      return onWorkers.deletePattern(glob); // the writer is application code
    }
    byte[] pattern = onWorkers.pattern(glob);
    cache.ensureOpen();
    long[] removed = {0}; // one step at a time, as in keys
    CompletableFuture<Long> all = sent(() -> KeyWalk.each(store.scannerAsync(pattern, BulkOperations.SCAN_BATCH),
        batch -> removeEach(context.decodeKeys(batch)).thenAccept(count -> removed[0] += count)))
        .thenApply(walked -> removed[0]);
    return stage(all, "deletePattern", fallback(0L));
  }

  /** Removes the keys, each with its own command sent together; the count of those that were there. */
  private CompletableFuture<Long> removeEach(List<K> keys) {
    long start = context.statistics().start();
    boolean wantOld = context.events().wantsOldValues();
    List<CompletableFuture<Boolean>> removals = new ArrayList<>(keys.size());
    for (K key : keys) {
      byte[] keyBytes = context.encodeKey(key);
      removals.add(wantOld
          ? store.getAndDeleteAsync(keyBytes).thenCompose(old -> afterReply(() -> writes.removedValue(key, old) != null))
          : store.deleteAsync(keyBytes));
    }
    return CompletableFuture.allOf(removals.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      long count = removals.stream().filter(CompletableFuture::join).count();
      context.statistics().removals(count);
      context.statistics().removeTime(start);
      return count;
    });
  }

  /** INCRBY in Redis, as {@link DirectWrites} does; on another write path, or an update expiry of zero, on a worker. */
  @Override
  public CompletionStage<Long> incr(K key, long delta) {
    if (!directWrites || context.expiry().update().isExpired()) {
      return onWorkers.incr(key, delta);
    }
    byte[] keyBytes = onWorkers.key(key);
    onWorkers.requireLongValues();
    cache.ensureOpen();
    CompletableFuture<Long> sum = store.incrementAsync(keyBytes, delta, context.expiry().update())
        .handle((added, failure) -> {
          Throwable cause = failure == null ? null : Futures.cause(failure);
          if (cause instanceof ArithmeticException notALong) {
            throw context.notALong(key, delta, notALong);
          }
          if (cause != null) {
            throw new CompletionException(cause);
          }
          return added;
        })
        .thenCompose(added -> afterReply(() -> context.recordIncrement(key, delta, added)));
    return stage(sum, fallback(null));
  }
}
