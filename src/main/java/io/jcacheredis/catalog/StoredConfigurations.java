package io.jcacheredis.catalog;

import io.jcacheredis.codec.CodecNames;
import io.jcacheredis.codec.CodecOptions;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.store.HashCreation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Cache configurations kept in Redis (a hash at {@code <prefix>:<cache>}), so a cache created by one JVM is found,
 * with its types and expiry, by {@code getCache} in another. The hash is written in one step, only if absent
 * ({@link HashCreation}): fields {@code keyType} and {@code valueType} (class names), {@code configuration} (the rest,
 * in the form {@link ConfigurationBytes} writes), {@code codec} and {@code compression} ({@link CodecNames}) and, when
 * some parts could not be stored, {@code leftOut} naming them. A stored configuration that lacks a type or cannot be
 * read is an error, never replaced by defaults; one without a codec was stored before codecs were recorded and holds
 * Kryo values (or those of a codec factory).
 */
public final class StoredConfigurations {

  private static final Logger LOG = LoggerFactory.getLogger(StoredConfigurations.class);
  private static final String KEY_TYPE = "keyType";
  private static final String VALUE_TYPE = "valueType";
  private static final String SERIALIZED = "configuration";
  private static final String LEFT_OUT = "leftOut";
  private static final String CODEC = "codec";
  private static final String COMPRESSION = "compression";

  private final UnifiedJedis redis;
  private final String prefix;

  public StoredConfigurations(UnifiedJedis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /**
   * A configuration read from Redis, the parts its creator could not store (null: none), and its codec (null: stored
   * before codecs were recorded).
   */
  private record Stored(MutableConfiguration<Object, Object> configuration, String leftOut, CodecNames codec) {
  }

  /**
   * The stored configuration of a cache, to open it in this JVM with the codec {@code codec}, or null when none is
   * stored. A CacheException when the cache was stored with another codec. Warns when parts of the creator's
   * configuration could not be stored, as this JVM then runs the cache without them.
   */
  public MutableConfiguration<Object, Object> read(String cacheName, ClassLoader classLoader, CodecNames codec) {
    Stored stored = readStored(cacheName, classLoader);
    if (stored == null) {
      return null;
    }
    requireSameCodec(cacheName, stored.codec(), codec);
    if (stored.leftOut() != null) {
      LOG.warn("Cache {} is opened with the configuration stored in Redis, which lacks what the JVM that created it"
          + " could not store: {}. This JVM runs the cache without them (eternal, when the expiry policy is left"
          + " out); to have them, open it with createCache and the full configuration", cacheName, stored.leftOut());
    }
    return stored.configuration();
  }

  /**
   * Stores the configuration of a cache being created, unless one is stored already; then checks that the stored
   * key and value types are the requested ones (else a CacheException) and warns when the stored expiry policy
   * differs, and that it was stored with the same codec ({@code codec}). Warns when parts of {@code requested}
   * cannot be stored for other JVMs. Returns whether this call stored it.
   */
  public boolean storeOrCheck(String cacheName, CompleteConfiguration<?, ?> requested, CodecNames codec,
      ClassLoader classLoader) {
    ConfigurationBytes.Encoded encoded = ConfigurationBytes.encode(requested);
    if (!encoded.leftOut().isEmpty()) {
      LOG.warn("Cache {}: its {} cannot be stored in Redis; a JVM that opens the cache with getCache (rather than"
          + " createCache with this configuration) runs it without {} (eternal, when the expiry policy is left out)",
          cacheName, String.join(", ", encoded.leftOut()), encoded.leftOut().size() == 1 ? "it" : "them");
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(cacheName, requested, encoded, codec)) {
        return true;
      }
      Stored stored = readStored(cacheName, classLoader);
      if (stored != null) {
        requireCompatible(cacheName, stored.configuration(), requested, encoded);
        requireSameCodec(cacheName, stored.codec(), codec);
        return false;
      }
      // destroyed by another JVM between the two commands: try to store ours again
    }
    throw new CacheException("Cache " + cacheName + " is being created and destroyed by other clients at the same"
        + " time; try again");
  }

  /**
   * Stores the configuration if none is stored: how a manager puts back what Redis lost, for instance after a
   * restart without persistence. One EXISTS when it is there. Returns whether it was missing.
   */
  public boolean restoreIfMissing(String cacheName, CompleteConfiguration<?, ?> config, CodecNames codec) {
    return !redis.exists(key(cacheName)) && create(cacheName, config, ConfigurationBytes.encode(config), codec);
  }

  /** Whether a configuration is stored for the cache. */
  public boolean exists(String cacheName) {
    return redis.exists(key(cacheName));
  }

  public void delete(String cacheName) {
    redis.del(key(cacheName));
  }

  private boolean create(String cacheName, CompleteConfiguration<?, ?> config, ConfigurationBytes.Encoded encoded,
      CodecNames codec) {
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    fields.put(bytes(KEY_TYPE), bytes(config.getKeyType().getName()));
    fields.put(bytes(VALUE_TYPE), bytes(config.getValueType().getName()));
    fields.put(bytes(SERIALIZED), encoded.bytes());
    fields.put(bytes(CODEC), bytes(codec.codec()));
    fields.put(bytes(COMPRESSION), bytes(codec.compression()));
    if (!encoded.leftOut().isEmpty()) {
      fields.put(bytes(LEFT_OUT), bytes(String.join(", ", encoded.leftOut())));
    }
    return HashCreation.createIfAbsent(redis, key(cacheName), fields);
  }

  private Stored readStored(String cacheName, ClassLoader classLoader) {
    Map<byte[], byte[]> fields = redis.hgetAll(key(cacheName));
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    Map<String, byte[]> byName = new HashMap<>();
    fields.forEach((k, v) -> byName.put(new String(k, StandardCharsets.UTF_8), v));
    Class<Object> keyType = loadClass(cacheName, byName, KEY_TYPE, classLoader);
    Class<Object> valueType = loadClass(cacheName, byName, VALUE_TYPE, classLoader);
    byte[] serialized = byName.get(SERIALIZED);
    String leftOut = byName.containsKey(LEFT_OUT) ? text(byName.get(LEFT_OUT)) : null;
    MutableConfiguration<Object, Object> configuration;
    if (serialized == null) {
      // written by a version that stored only the types when the configuration was not serializable
      configuration = new MutableConfiguration<>();
      leftOut = "expiry policy, loader, writer and listeners (only the key and value types are stored)";
    } else {
      try {
        configuration = ConfigurationBytes.decode(serialized, classLoader);
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        throw new CacheException("The configuration of cache " + cacheName + " stored in Redis (key "
            + text(key(cacheName)) + ") cannot be read: " + e + ". Destroy the cache (CacheManager.destroyCache) and"
            + " create it again", e);
      }
    }
    CodecNames codec = byName.containsKey(CODEC) ? new CodecNames(text(byName.get(CODEC)),
        byName.containsKey(COMPRESSION) ? text(byName.get(COMPRESSION)) : CodecNames.LEGACY.compression()) : null;
    return new Stored(configuration.setTypes(keyType, valueType), leftOut, codec);
  }

  /**
   * The codec this JVM uses must be the stored one: else a CacheException naming both. A configuration stored without
   * a codec holds Kryo values, or those of a codec factory (then this JVM's codec class is taken on trust). Another
   * compression is only reported: every JVM reads every compression, so a cache can switch without a flush.
   */
  private static void requireSameCodec(String cacheName, CodecNames stored, CodecNames requested) {
    if (stored == null && !requested.builtIn()) {
      return;
    }
    CodecNames actual = stored == null ? CodecNames.LEGACY : stored;
    if (!actual.codec().equals(requested.codec())) {
      throw new CacheException("Cache " + cacheName + " exists in Redis with codec " + actual.codec()
          + (stored == null ? " (stored before codecs were recorded)" : "") + ", but this JVM opens it with codec "
          + requested.codec() + ": it could not read the stored values, nor the other JVMs its own. Configure codec "
          + actual.codec() + " here (" + CodecOptions.CODEC + ", or RedisCacheConfiguration.setCodec /"
          + " setCodecFactory), or destroy the cache first (CacheManager.destroyCache)");
    }
    if (!actual.compression().equals(requested.compression())) {
      LOG.info("Cache {} was stored with compression {}; this JVM writes with {}. Every JVM reads values of either,"
          + " so this only changes how new values are stored", cacheName, actual.compression(),
          requested.compression());
    }
  }

  /** The stored key and value types must be the requested ones; a differing expiry policy is only reported. */
  private static void requireCompatible(String cacheName, CompleteConfiguration<?, ?> stored,
      CompleteConfiguration<?, ?> requested, ConfigurationBytes.Encoded encoded) {
    if (stored.getKeyType() != requested.getKeyType() || stored.getValueType() != requested.getValueType()) {
      throw new CacheException("Cache " + cacheName + " already exists in Redis with key type "
          + stored.getKeyType().getName() + " and value type " + stored.getValueType().getName()
          + ", not " + requested.getKeyType().getName() + " and " + requested.getValueType().getName()
          + ". Use the same types, or destroy the cache first (CacheManager.destroyCache).");
    }
    if (encoded.expiryBytes() != null
        && !ConfigurationBytes.sameExpiry(stored.getExpiryPolicyFactory(), encoded.expiryBytes())) {
      LOG.warn("Cache {} exists in Redis with another expiry policy than the one given to createCache here: this JVM"
          + " applies its own to the entries it writes, and getCache in other JVMs uses the stored one", cacheName);
    }
  }

  private byte[] key(String cacheName) {
    return bytes(KeyCodec.configKey(prefix, cacheName));
  }

  private static Class<Object> loadClass(String cacheName, Map<String, byte[]> fields, String field,
      ClassLoader classLoader) {
    byte[] name = fields.get(field);
    if (name == null) {
      throw new CacheException("The configuration of cache " + cacheName + " stored in Redis has no " + field
          + " field (fields: " + fields.keySet() + "): it was not written by jcache-redis, or was changed."
          + " Destroy the cache (CacheManager.destroyCache) and create it again");
    }
    String className = text(name);
    try {
      @SuppressWarnings("unchecked")
      Class<Object> type = (Class<Object>) Class.forName(className, false, classLoader);
      return type;
    } catch (ClassNotFoundException e) {
      throw new CacheException("Cache " + cacheName + " is stored in Redis with type " + className
          + ", which this class loader cannot load", e);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
