package io.jcacheredis.codec;

import java.util.List;

/**
 * The Kryo codec of a cache (the default codec), reading only JDK value types, known framework types, the cache's own
 * types, the allowed classes and the classes this JVM has written into the cache (shared with every manager of this
 * class loader opening it); and that allow list, which the java codec follows too.
 */
public final class DefaultCodecs {

  private final ClassLoader classLoader;
  private final String prefix;
  private final List<String> allowedClasses;
  private final KryoOptions kryoOptions;

  /**
   * @param prefix the key prefix of the manager's caches, which also names the classes each cache has learned
   * @param allowedClasses the classes every cache may read ({@link KryoCodec#ALLOWED_CLASSES})
   */
  public DefaultCodecs(ClassLoader classLoader, String prefix, List<String> allowedClasses, KryoOptions kryoOptions) {
    this.classLoader = classLoader;
    this.prefix = prefix;
    this.allowedClasses = allowedClasses;
    this.kryoOptions = kryoOptions;
  }

  /** A new codec for the named cache of these key and value types. */
  public ValueCodec forCache(String cacheName, Class<?> keyType, Class<?> valueType) {
    return new KryoCodec(classLoader, allowList(cacheName, keyType, valueType), kryoOptions);
  }

  /** The classes the named cache of these key and value types may read. */
  ClassAllowList allowList(String cacheName, Class<?> keyType, Class<?> valueType) {
    LearnedClasses learned = LearnedClasses.of(classLoader, prefix, cacheName);
    return ClassAllowList.of(List.of(keyType, valueType), allowedClasses, learned);
  }

  /** The manager's class loader. */
  ClassLoader classLoader() {
    return classLoader;
  }
}
