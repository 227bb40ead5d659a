package io.jcacheredis.cache;

import io.jcacheredis.AsyncRedisCache;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.event.EntryChange;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.processor.EntryTransaction;
import io.jcacheredis.processor.TransactionRunner;
import io.jcacheredis.processor.TransactionRunner.Outcome;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in Redis, one Redis key per entry, with Redis TTLs for expiry.
 *
 * <p>Two paths: when the expiry policy is one of the standard ones and no CacheWriter is configured, each single-key
 * operation is one Redis command or script (the "direct" path). Otherwise an operation reads the entry, decides in
 * this JVM (calling the expiry policy and writer exactly as the spec says), and commits with a compare-and-set (the
 * {@link TransactionRunner} path, also used by entry processors). Multi-key operations live in {@link
 * BulkOperations}.
 */
public final class RedisCache<K, V> implements Cache<K, V> {

  private final String name;
  private final CacheOwner owner;
  private final MutableConfiguration<K, V> configuration;
  private final CacheContext<K, V> context;
  private final EntryStore store;
  private final ExpiryAdapter expiry;
  private final CacheStatistics statistics;
  private final BulkOperations<K, V> bulk;
  private final boolean direct;
  private final AsyncRedisCacheAdapter<K, V> async;
  private volatile Cache<K, V> view = this;
  private volatile boolean closed;

  public RedisCache(String name, CacheOwner owner, MutableConfiguration<K, V> configuration, KeyCodec keys,
      ValueCodec values, EntryStore store) {
    this.name = name;
    this.owner = owner;
    this.configuration = configuration;
    this.store = store;
    this.expiry = new ExpiryAdapter(configuration.getExpiryPolicyFactory().create());
    this.statistics = new CacheStatistics();
    this.statistics.setEnabled(configuration.isStatisticsEnabled());
    LoaderWriter<K, V> loaderWriter = new LoaderWriter<>(configuration);
    this.context = new CacheContext<>(this, configuration.getKeyType(), configuration.getValueType(), keys, values,
        store, expiry, loaderWriter, statistics);
    this.direct = expiry.isPure() && !loaderWriter.writeThrough();
    this.bulk = new BulkOperations<>(context, direct, owner.executor());
    this.async = new AsyncRedisCacheAdapter<>(this, context, bulk, owner.executor(), direct);
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      context.events().register(listener);
    }
  }

  // ---- reads ----

  @Override
  public V get(K key) {
    ensureOpen();
    requireKey(key);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    byte[] valueBytes;
    if (expiry.isPure()) {
      valueBytes = store.getAndTouch(keyBytes, expiry.access());
    } else {
      valueBytes = store.get(keyBytes);
      if (valueBytes != null) {
        touch(keyBytes, valueBytes);
      }
    }
    V value = context.decodeValue(key, valueBytes);
    if (value != null) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
      value = context.loaderWriter().readThrough() ? loadMissing(key, keyBytes) : null;
    }
    statistics.getTime(start);
    return value;
  }

  /** Applies the access expiry of a caller-defined policy to an entry just read, unless it changed meanwhile. */
  void touch(byte[] keyBytes, byte[] valueBytes) {
    Ttl ttl = expiry.access();
    if (ttl.kind() != Ttl.Kind.KEEP) {
      store.compareAndSet(keyBytes, valueBytes, valueBytes, ttl, true);
    }
  }

  private V loadMissing(K key, byte[] keyBytes) {
    return TransactionRunner.run(context, key, keyBytes, EntryTransaction::getValue).result();
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    return bulk.getAll(keys);
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    requireKey(key);
    return store.exists(context.encodeKey(key));
  }

  // ---- writes ----

  @Override
  public void put(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
          expiry.update(), context.events().wantsOldValues());
      context.recordWrite(key, value, result, Condition.ALWAYS);
    } else {
      Outcome<K, V, Object> outcome = transact(key, keyBytes, tx -> {
        tx.setValue(value);
        return null;
      });
      countPut(outcome);
    }
    statistics.putTime(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    V old;
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
          expiry.update(), true);
      old = context.decodeValue(key, result.previous());
      countHit(result.existed());
      context.recordWrite(key, value, result, Condition.ALWAYS);
    } else {
      Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
        V previous = tx.peek();
        tx.setValue(value);
        return previous;
      });
      old = outcome.result();
      countHit(outcome.transaction().existedBefore());
      countPut(outcome);
    }
    statistics.getTime(start);
    statistics.putTime(start);
    return old;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ensureOpen();
    bulk.putAll(map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean stored;
    if (direct) {
      WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.IF_ABSENT, expiry.creation(),
          expiry.update(), false);
      stored = !result.existed();
      countHit(result.existed());
      context.recordWrite(key, value, result, Condition.IF_ABSENT);
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (tx.existedBefore()) {
          return false;
        }
        tx.setValue(value);
        return true;
      });
      stored = outcome.result();
      countHit(outcome.transaction().existedBefore());
      countPut(outcome);
    }
    statistics.putTime(start);
    return stored;
  }

  @Override
  public boolean replace(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    return replaceReturning(key, value, false) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    return replaceReturning(key, value, true);
  }

  /** Replaces an existing entry; returns its old value (when asked) or a non-null marker, null when absent. */
  @SuppressWarnings("unchecked")
  private V replaceReturning(K key, V value, boolean wantOld) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    V result;
    if (direct) {
      boolean needOld = wantOld || context.events().wantsOldValues();
      WriteResult write = store.put(keyBytes, context.encodeValue(value), Condition.IF_PRESENT, expiry.creation(),
          expiry.update(), needOld);
      countHit(write.existed());
      context.recordWrite(key, value, write, Condition.IF_PRESENT);
      result = !write.existed() ? null : wantOld ? context.decodeValue(key, write.previous()) : (V) Boolean.TRUE;
    } else {
      Outcome<K, V, V> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return null;
        }
        V previous = tx.peek();
        tx.setValue(value);
        return wantOld ? previous : (V) Boolean.TRUE;
      });
      countHit(outcome.transaction().existedBefore());
      countPut(outcome);
      result = outcome.result();
    }
    statistics.putTime(start);
    return result;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    Objects.requireNonNull(newValue, "newValue");
    context.checkValueType(newValue);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean replaced;
    if (direct && expiry.access().kind() == Ttl.Kind.KEEP) {
      int outcome = store.replaceIfEquals(keyBytes, context.encodeValue(oldValue), context.encodeValue(newValue),
          expiry.update());
      countHit(outcome >= 0);
      replaced = outcome == 1;
      if (replaced) {
        statistics.puts(1);
        context.events().dispatch(EntryChange.updated(key, newValue, oldValue));
      }
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return false;
        }
        if (Objects.equals(tx.peek(), oldValue)) {
          tx.setValue(newValue);
          return true;
        }
        tx.getValue(); // a failed comparison still reads the entry: access expiry applies
        return false;
      });
      countHit(outcome.transaction().existedBefore());
      countPut(outcome);
      replaced = outcome.result();
    }
    statistics.putTime(start);
    return replaced;
  }

  // ---- removals ----

  @Override
  public boolean remove(K key) {
    ensureOpen();
    requireKey(key);
    return removeEntry(key, false) != null;
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    requireKey(key);
    long start = statistics.start();
    V old = removeEntry(key, true);
    countHit(old != null);
    statistics.getTime(start);
    return old;
  }

  /** Deletes one entry (write-through first); returns the old value when asked, else a non-null marker. */
  @SuppressWarnings("unchecked")
  V removeEntry(K key, boolean wantOld) {
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    context.loaderWriter().delete(key);
    V result;
    if (wantOld || context.events().wantsOldValues()) {
      V old = context.decodeValue(key, store.getAndDelete(keyBytes));
      if (old != null) {
        context.events().dispatch(EntryChange.removed(key, old));
      }
      result = wantOld ? old : old == null ? null : (V) Boolean.TRUE;
    } else {
      result = store.delete(keyBytes) ? (V) Boolean.TRUE : null;
    }
    if (result != null) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
    return result;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    long start = statistics.start();
    byte[] keyBytes = context.encodeKey(key);
    boolean removed;
    if (direct && expiry.access().kind() == Ttl.Kind.KEEP) {
      int outcome = store.removeIfEquals(keyBytes, context.encodeValue(oldValue));
      countHit(outcome >= 0);
      removed = outcome == 1;
      if (removed) {
        context.events().dispatch(EntryChange.removed(key, oldValue));
      }
    } else {
      Outcome<K, V, Boolean> outcome = transact(key, keyBytes, tx -> {
        if (!tx.existedBefore()) {
          return false;
        }
        if (Objects.equals(tx.peek(), oldValue)) {
          tx.remove();
          return true;
        }
        tx.getValue(); // a failed comparison still reads the entry: access expiry applies
        return false;
      });
      countHit(outcome.transaction().existedBefore());
      removed = outcome.result();
    }
    if (removed) {
      statistics.removals(1);
    }
    statistics.removeTime(start);
    return removed;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    bulk.removeAll(keys);
  }

  @Override
  public void removeAll() {
    ensureOpen();
    bulk.removeAll(bulk.allKeys());
  }

  @Override
  public void clear() {
    ensureOpen();
    bulk.clear();
  }

  // ---- loading and processing ----

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    ensureOpen();
    bulk.loadAll(keys, replaceExistingValues, listener);
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(processor, "entry processor");
    byte[] keyBytes = context.encodeKey(key);
    Outcome<K, V, T> outcome = transact(key, keyBytes, tx -> {
      try {
        return processor.process(tx, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
    });
    EntryTransaction<K, V> tx = outcome.transaction();
    countHit(tx.existedBefore());
    countPut(outcome);
    if (tx.change() == EntryTransaction.Change.REMOVE && tx.existedBefore()) {
      statistics.removals(1);
    }
    return outcome.result();
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    ensureOpen();
    BulkOperations.requireKeys(keys);
    Objects.requireNonNull(processor, "entry processor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure =
            e instanceof EntryProcessorException ? (EntryProcessorException) e : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }

  // ---- listeners, iteration, lifecycle ----

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration");
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    context.events().register(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration");
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    context.events().deregister(listenerConfiguration);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    ensureOpen();
    return new EntryIterator<>(context, this);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return owner.manager();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("The configuration of cache " + name + " is a "
        + CompleteConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  /**
   * Makes {@link #view()} a view that ignores Redis failures (reads miss, writes are dropped, nothing throws).
   *
   * @param loggerName where ignored failures are logged, or null not to log them
   */
  public void ignoreFailures(String loggerName) {
    IgnoredFailures failures = new IgnoredFailures(name, loggerName);
    view = new FailureTolerantCache<>(this, context.loaderWriter(), failures);
    async.ignoreFailures(failures);
  }

  /** What the manager hands to applications: this cache, or its failure-ignoring view. */
  public Cache<K, V> view() {
    return view;
  }

  /** The live configuration (statistics and management flags change through the manager). */
  public MutableConfiguration<K, V> configuration() {
    return configuration;
  }

  public CacheStatistics statistics() {
    return statistics;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      owner.release(this);
      context.events().close();
      context.loaderWriter().close();
      expiry.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** {@code unwrap(AsyncRedisCache.class)} gives the Redis extension; the cache itself unwraps to its classes. */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz == AsyncRedisCache.class) {
      return clazz.cast(async);
    }
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap cache " + name + " to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "RedisCache[" + name + "]";
  }

  // ---- helpers ----

  private <R> Outcome<K, V, R> transact(K key, byte[] keyBytes, Function<EntryTransaction<K, V>, R> decision) {
    return TransactionRunner.run(context, key, keyBytes, decision);
  }

  private void countPut(Outcome<K, V, ?> outcome) {
    EntryTransaction.Change change = outcome.transaction().change();
    if (change == EntryTransaction.Change.UPDATE
        || (change == EntryTransaction.Change.CREATE && outcome.written())) {
      statistics.puts(1);
    }
  }

  private void countHit(boolean hit) {
    if (hit) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  private void requireKey(K key) {
    Objects.requireNonNull(key, "key");
    context.checkKeyType(key);
  }

  private void requireEntry(K key, V value) {
    requireKey(key);
    Objects.requireNonNull(value, "value");
    context.checkValueType(value);
  }
}
