package io.jcacheredis.integration;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import io.jcacheredis.util.CacheResources;

/**
 * The cache's loader and writer with the read-through and write-through flags absorbed: {@link #load} returns null
 * and {@link #write} does nothing when the flag is off, so operations never branch on configuration. Exceptions are
 * wrapped as the spec requires (CacheLoaderException / CacheWriterException).
 */
public final class LoaderWriter<K, V> {

  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final boolean readThrough;
  private volatile boolean closed;

  /**
   * Creates the loader and writer with the configuration's factories; {@code resources} owns (and closes) them.
   */
  public LoaderWriter(CompleteConfiguration<K, V> configuration, CacheResources resources) {
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    @SuppressWarnings("unchecked") // a writer of supertypes accepts our keys and values: the cast only narrows
    Factory<CacheWriter<K, V>> writerFactory = (Factory<CacheWriter<K, V>>) (Factory<?>)
        configuration.getCacheWriterFactory();
    this.loader = loaderFactory == null ? null : resources.own(loaderFactory.create());
    this.writer = configuration.isWriteThrough() && writerFactory != null
        ? resources.own(writerFactory.create()) : null;
    this.readThrough = configuration.isReadThrough() && loader != null;
  }

  /** Read-through is configured: misses on get, getAll and invoke load. */
  public boolean readThrough() {
    return readThrough;
  }

  public boolean writeThrough() {
    return writer != null;
  }

  /** A loader exists (loadAll uses it even without read-through). */
  public boolean hasLoader() {
    return loader != null;
  }

  /** Loads one value through the configured loader (read-through only); null if none or not found. */
  public V readThrough(K key) {
    return readThrough ? load(key) : null;
  }

  public V load(K key) {
    if (loader == null) {
      return null;
    }
    ensureOpen();
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("CacheLoader failed to load key " + key, e);
    }
  }

  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    if (loader == null) {
      return Collections.emptyMap();
    }
    ensureOpen();
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Collections.emptyMap() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("CacheLoader failed to load keys", e);
    }
  }

  public void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new WrittenEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("CacheWriter failed to write key " + key, e);
    }
  }

  /**
   * Writes the entries; those the writer did not write are left in {@code entries} (the spec's partial-failure
   * contract). Returns the writer's exception, or null, so the caller can store what was written first.
   */
  public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (writer == null || entries.isEmpty()) {
      return null;
    }
    try {
      writer.writeAll(entries);
      return null;
    } catch (CacheWriterException e) {
      return e;
    } catch (RuntimeException e) {
      return new CacheWriterException("CacheWriter failed to write entries", e);
    }
  }

  public void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("CacheWriter failed to delete key " + key, e);
    }
  }

  /** Deletes the keys; those not deleted are left in {@code keys}. Returns the writer's exception, or null. */
  public CacheWriterException deleteAll(Collection<?> keys) {
    if (writer == null || keys.isEmpty()) {
      return null;
    }
    try {
      writer.deleteAll(keys);
      return null;
    } catch (CacheWriterException e) {
      return e;
    } catch (RuntimeException e) {
      return new CacheWriterException("CacheWriter failed to delete keys", e);
    }
  }

  /** A cache closed while an asynchronous loadAll was running must not use (and so reopen) a closed loader. */
  private void ensureOpen() {
    if (closed) {
      throw new CacheLoaderException("The cache was closed; its CacheLoader is no longer used");
    }
  }

  /** The cache closes: the loader and writer are no longer used (the cache's {@link CacheResources} closes them). */
  public void stop() {
    closed = true;
  }


  /** The entry handed to CacheWriter.write. */
  private record WrittenEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {
    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
    }
  }
}
