package io.jcacheredis.configuration;

import io.jcacheredis.codec.KeyCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Cache configurations kept in Redis (a hash at {@code <prefix>:<cache>}), so a cache created by one JVM is found,
 * with its types and expiry, by {@code getCache} in another. The key and value type names are plain fields; the full
 * configuration is Java-serialized beside them when it can be, and read back only through a filter that admits
 * JDK and {@code javax.cache} classes, so bytes in Redis cannot instantiate arbitrary classes. When the full form
 * is missing or refused, the types alone are used.
 */
public final class StoredConfigurations {

  private static final Logger LOG = LoggerFactory.getLogger(StoredConfigurations.class);
  private static final byte[] KEY_TYPE = bytes("keyType");
  private static final byte[] VALUE_TYPE = bytes("valueType");
  private static final byte[] SERIALIZED = bytes("configuration");
  private static final ObjectInputFilter FILTER =
      ObjectInputFilter.Config.createFilter("maxdepth=20;maxbytes=1048576;java.**;javax.cache.**;!*");

  private final UnifiedJedis redis;
  private final String prefix;

  public StoredConfigurations(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** The stored configuration of a cache, or null when none is stored. */
  public MutableConfiguration<Object, Object> read(String cacheName, ClassLoader classLoader) {
    Map<byte[], byte[]> fields = redis.hgetAll(key(cacheName));
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    Map<String, byte[]> byName = new HashMap<>();
    fields.forEach((k, v) -> byName.put(new String(k, StandardCharsets.UTF_8), v));
    byte[] serialized = byName.get("configuration");
    if (serialized != null) {
      try {
        return deserialize(serialized, classLoader);
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        LOG.warn("The stored configuration of cache {} cannot be read ({}); using its key and value types only",
            cacheName, e.toString());
      }
    }
    MutableConfiguration<Object, Object> types = new MutableConfiguration<>();
    types.setTypes(loadClass(byName.get("keyType"), classLoader, cacheName),
        loadClass(byName.get("valueType"), classLoader, cacheName));
    return types;
  }

  /**
   * Stores a configuration unless one is already stored; returns the one already stored (the caller checks it is
   * compatible), or null when this one was stored.
   */
  public MutableConfiguration<Object, Object> storeIfAbsent(String cacheName, CompleteConfiguration<?, ?> config,
      ClassLoader classLoader) {
    return restoreIfMissing(cacheName, config) ? null : read(cacheName, classLoader);
  }

  /**
   * Stores the configuration if none is stored (one HSETNX when it is): how a manager puts back what Redis lost,
   * for instance after a restart without persistence. Returns whether it was missing.
   */
  public boolean restoreIfMissing(String cacheName, CompleteConfiguration<?, ?> config) {
    byte[] key = key(cacheName);
    if (redis.hsetnx(key, KEY_TYPE, bytes(config.getKeyType().getName())) == 0) {
      return false;
    }
    Map<byte[], byte[]> fields = new HashMap<>();
    fields.put(VALUE_TYPE, bytes(config.getValueType().getName()));
    byte[] serialized = serialize(config);
    if (serialized != null) {
      fields.put(SERIALIZED, serialized);
    }
    redis.hset(key, fields);
    return true;
  }

  public void delete(String cacheName) {
    redis.del(key(cacheName));
  }

  private byte[] key(String cacheName) {
    return bytes(KeyCodec.configKey(prefix, cacheName));
  }

  private static byte[] serialize(CompleteConfiguration<?, ?> config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(new MutableConfiguration<>(config));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Configuration not serializable; storing its types only: {}", e.toString());
      return null;
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static MutableConfiguration<Object, Object> deserialize(byte[] data, ClassLoader classLoader)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data), classLoader)) {
      in.setObjectInputFilter(FILTER);
      return (MutableConfiguration<Object, Object>) in.readObject();
    }
  }

  private static Class<Object> loadClass(byte[] name, ClassLoader classLoader, String cacheName) {
    String className = name == null ? Object.class.getName() : new String(name, StandardCharsets.UTF_8);
    try {
      @SuppressWarnings("unchecked")
      Class<Object> type = (Class<Object>) Class.forName(className, false, classLoader);
      return type;
    } catch (ClassNotFoundException e) {
      throw new CacheException("Cache " + cacheName + " is stored in Redis with type " + className
          + ", which this class loader cannot load", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Resolves classes with the manager's class loader. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
