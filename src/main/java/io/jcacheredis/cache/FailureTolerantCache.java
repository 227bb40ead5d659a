package io.jcacheredis.cache;

import io.jcacheredis.integration.LoaderWriter;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

/**
 * The view of a cache configured to ignore exceptions: while Redis fails, reads are misses (a read-through cache
 * still loads, without storing), writes are dropped, entry processors run on an empty entry and their changes are
 * dropped, iteration ends; nothing throws. Every operation goes to the cache first, so the cache behaves normally as
 * soon as Redis answers again.
 */
final class FailureTolerantCache<K, V> implements Cache<K, V> {

  private final RedisCache<K, V> cache;
  private final LoaderWriter<K, V> loaderWriter;
  private final IgnoredFailures failures;

  FailureTolerantCache(RedisCache<K, V> cache, LoaderWriter<K, V> loaderWriter, IgnoredFailures failures) {
    this.cache = cache;
    this.loaderWriter = loaderWriter;
    this.failures = failures;
  }

  @Override
  public V get(K key) {
    try {
      return cache.get(key);
    } catch (RuntimeException e) {
      failures.ignore("get", e);
      return loaderWriter.readThrough(key);
    }
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    try {
      return cache.getAll(keys);
    } catch (RuntimeException e) {
      failures.ignore("getAll", e);
      return loaderWriter.readThrough() ? new HashMap<>(loaderWriter.loadAll(keys)) : new HashMap<>();
    }
  }

  @Override
  public boolean containsKey(K key) {
    try {
      return cache.containsKey(key);
    } catch (RuntimeException e) {
      failures.ignore("containsKey", e);
      return false;
    }
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    cache.loadAll(keys, replaceExistingValues, listener); // asynchronous: failures reach the listener
  }

  @Override
  public void put(K key, V value) {
    try {
      cache.put(key, value);
    } catch (RuntimeException e) {
      failures.ignore("put", e);
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    try {
      return cache.getAndPut(key, value);
    } catch (RuntimeException e) {
      failures.ignore("getAndPut", e);
      return null;
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    try {
      cache.putAll(map);
    } catch (RuntimeException e) {
      failures.ignore("putAll", e);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    try {
      return cache.putIfAbsent(key, value);
    } catch (RuntimeException e) {
      failures.ignore("putIfAbsent", e);
      return false;
    }
  }

  @Override
  public boolean remove(K key) {
    try {
      return cache.remove(key);
    } catch (RuntimeException e) {
      failures.ignore("remove", e);
      return false;
    }
  }

  @Override
  public boolean remove(K key, V oldValue) {
    try {
      return cache.remove(key, oldValue);
    } catch (RuntimeException e) {
      failures.ignore("remove", e);
      return false;
    }
  }

  @Override
  public V getAndRemove(K key) {
    try {
      return cache.getAndRemove(key);
    } catch (RuntimeException e) {
      failures.ignore("getAndRemove", e);
      return null;
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    try {
      return cache.replace(key, oldValue, newValue);
    } catch (RuntimeException e) {
      failures.ignore("replace", e);
      return false;
    }
  }

  @Override
  public boolean replace(K key, V value) {
    try {
      return cache.replace(key, value);
    } catch (RuntimeException e) {
      failures.ignore("replace", e);
      return false;
    }
  }

  @Override
  public V getAndReplace(K key, V value) {
    try {
      return cache.getAndReplace(key, value);
    } catch (RuntimeException e) {
      failures.ignore("getAndReplace", e);
      return null;
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    try {
      cache.removeAll(keys);
    } catch (RuntimeException e) {
      failures.ignore("removeAll", e);
    }
  }

  @Override
  public void removeAll() {
    try {
      cache.removeAll();
    } catch (RuntimeException e) {
      failures.ignore("removeAll", e);
    }
  }

  @Override
  public void clear() {
    try {
      cache.clear();
    } catch (RuntimeException e) {
      failures.ignore("clear", e);
    }
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    return cache.getConfiguration(clazz);
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    try {
      return cache.invoke(key, processor, arguments);
    } catch (RuntimeException e) {
      failures.ignore("invoke", e);
      return processOffline(key, processor, arguments);
    }
  }

  /** Runs the processor on an empty entry (read-through loads into it) and drops what it changes. */
  private <T> T processOffline(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    try {
      return processor.process(new DetachedEntry(key), arguments);
    } catch (EntryProcessorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EntryProcessorException(e);
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    try {
      return cache.invokeAll(keys, processor, arguments);
    } catch (RuntimeException e) {
      failures.ignore("invokeAll", e);
      return EntryProcessorResults.perKey(keys, key -> processOffline(key, processor, arguments));
    }
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  @Override
  public CacheManager getCacheManager() {
    return cache.getCacheManager();
  }

  @Override
  public void close() {
    cache.close();
  }

  @Override
  public boolean isClosed() {
    return cache.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    return cache.unwrap(clazz);
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    cache.registerCacheEntryListener(configuration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    cache.deregisterCacheEntryListener(configuration);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    Iterator<Entry<K, V>> entries;
    try {
      entries = cache.iterator();
    } catch (RuntimeException e) {
      failures.ignore("iterator", e);
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private boolean broken;

      @Override
      public boolean hasNext() {
        try {
          return !broken && entries.hasNext();
        } catch (RuntimeException e) {
          failures.ignore("iterator", e);
          broken = true;
          return false;
        }
      }

      @Override
      public Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.next();
      }

      @Override
      public void remove() {
        try {
          entries.remove();
        } catch (RuntimeException e) {
          failures.ignore("iterator.remove", e);
        }
      }
    };
  }

  @Override
  public String toString() {
    return cache + " (ignoring Redis failures)";
  }

  /** The entry a processor sees while Redis is unreachable: absent, and nothing it does is kept. */
  private final class DetachedEntry implements MutableEntry<K, V> {
    private final K key;
    private V value;
    private boolean loaded;

    DetachedEntry(K key) {
      this.key = key;
    }

    @Override
    public K getKey() {
      return key;
    }

    @Override
    public V getValue() {
      if (value == null && !loaded) {
        loaded = true;
        value = loaderWriter.readThrough(key);
      }
      return value;
    }

    @Override
    public boolean exists() {
      return value != null;
    }

    @Override
    public void remove() {
      value = null;
    }

    @Override
    public void setValue(V newValue) {
      value = Objects.requireNonNull(newValue, "value");
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("Cannot unwrap a detached entry to " + clazz.getName());
    }
  }
}
