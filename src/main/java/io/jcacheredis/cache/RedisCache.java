package io.jcacheredis.cache;

import io.jcacheredis.AsyncRedisCache;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.TransactionRunner;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.util.CacheResources;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in Redis, one Redis key per entry, with Redis TTLs for expiry.
 *
 * <p>Its writes take the {@link WritePath} {@link CacheFactory} chose: with a standard expiry policy and no
 * CacheWriter each single-key write is one Redis command or script ({@link DirectWrites}); otherwise it reads the
 * entry, decides in this JVM (calling the expiry policy and writer exactly as the spec says), and commits with a
 * compare-and-set ({@link TransactionalWrites}, and {@link TransactionRunner} for entry processors). The cache checks
 * arguments and state; single-entry writes live in {@link EntryWrites}, multi-key operations in {@link
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
  private final EntryWrites<K, V> writes;
  private final AsyncRedisCache<K, V> async;
  private final Cache<K, V> view;
  private final CacheResources resources;
  private volatile boolean closed;

  /** Made by {@link CacheFactory}, which decided the wiring. */
  RedisCache(String name, CacheOwner owner, MutableConfiguration<K, V> configuration, CacheParts<K, V> parts,
      Wiring wiring) {
    this.name = name;
    this.owner = owner;
    this.configuration = configuration;
    this.store = parts.store();
    this.expiry = parts.expiry();
    this.resources = parts.resources();
    this.statistics = new CacheStatistics();
    this.statistics.setEnabled(configuration.isStatisticsEnabled());
    this.context = new CacheContext<>(this, configuration, parts, wiring.throwOnUnreadableValues(), statistics);
    this.bulk = new BulkOperations<>(context, owner.executor());
    this.writes = new EntryWrites<>(context, wiring.writePath().create(context));
    this.async = wiring.asyncExtension().create(this, context,
        new AsyncRedisCacheAdapter.Operations<>(bulk, writes, owner.executor(), wiring.workerCalls()), wiring);
    this.view = wiring.ignoredFailures() == null ? this
        : new FailureTolerantCache<>(this, parts.loaderWriter(), wiring.ignoredFailures());
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
    V value = expiry.isPure() ? store.read(keyBytes, expiry.access(), key, context.reader())
        : readAndTouch(key, keyBytes);
    if (value != null) {
      statistics.hits(1);
    } else {
      value = missed(key, keyBytes);
    }
    statistics.getTime(start);
    return value;
  }

  /** A read under a caller-defined expiry policy: the value, then the access expiry applied apart. */
  private V readAndTouch(K key, byte[] keyBytes) {
    byte[] valueBytes = store.get(keyBytes);
    if (valueBytes != null) {
      touch(keyBytes, valueBytes);
    }
    return context.readValue(key, valueBytes);
  }

  /** Counts a miss of {@link #get}, and loads the entry if the cache reads through. */
  private V missed(K key, byte[] keyBytes) {
    statistics.misses(1);
    return context.loaderWriter().readThrough() ? loadMissing(key, keyBytes) : null;
  }

  /** Applies the access expiry of a caller-defined policy to an entry just read, unless it changed meanwhile. */
  void touch(byte[] keyBytes, byte[] valueBytes) {
    Ttl ttl = expiry.access();
    if (ttl.kind() != Ttl.Kind.KEEP) {
      store.compareAndSet(keyBytes, valueBytes, valueBytes, ttl, true);
    }
  }

  /** Loads a missing entry through the CacheLoader (read-through), in a transaction on the key. */
  V loadMissing(K key, byte[] keyBytes) {
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
    writes.put(key, value);
  }

  @Override
  public V getAndPut(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    return writes.getAndPut(key, value);
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
    return writes.putIfAbsent(key, value);
  }

  @Override
  public boolean replace(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    return writes.replace(key, value, false) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    return writes.replace(key, value, true);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    Objects.requireNonNull(newValue, "newValue");
    context.checkValueType(newValue);
    return writes.replace(key, oldValue, newValue);
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
    return writes.getAndRemove(key);
  }

  /** Deletes one entry (write-through first); returns the old value when asked, else a non-null marker. */
  @SuppressWarnings("unchecked")
  V removeEntry(K key, boolean wantOld) {
    return writes.remove(key, wantOld);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    return writes.remove(key, oldValue);
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
    return writes.invoke(key, processor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    ensureOpen();
    BulkOperations.requireKeys(keys);
    Objects.requireNonNull(processor, "entry processor");
    keys.forEach(context::checkKeyType); // null keys were refused above
    return writes.invokeAll(keys, processor, arguments);
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

  /**
   * Closes the cache: the manager forgets it, listeners get no more events, and every closeable its configuration's
   * factories created (expiry policy, loader, writer, listeners, filters) is closed by its {@link CacheResources}.
   *
   * @throws javax.cache.CacheException when something failed to close: the first failure as the cause, the others
   *     suppressed; everything was closed all the same
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    context.events().stop();
    context.loaderWriter().stop();
    try {
      owner.release(this);
    } catch (RuntimeException e) {
      resources.closeAllAfter(e);
      throw e;
    }
    resources.closeAll();
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
