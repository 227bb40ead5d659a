package io.jcacheredis.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes this JVM has written into one cache: each class whose name a value's bytes carry (what Kryo's class
 * resolver writes, and every class descriptor of the Java serialization inside Kryo) is readable for that cache from
 * then on, whatever the allow list says. Bytes in Redis can then name only classes this JVM itself stores there, so
 * frameworks that store their own key and entry classes (Hibernate, Spring) work without listing them, and a class
 * nobody here wrote stays refused.
 *
 * <p>The instances are JVM-wide, one per class loader and cache (its Redis key prefix and name; see {@link
 * #of}), so a new CacheManager that opens the same cache with the same class loader (a framework restarting its
 * context) reads what the previous one wrote. Class loaders are held weakly: a discarded one (an undeployed web
 * application) takes its caches' learned classes with it. Another class loader, like another JVM, starts with
 * nothing learned. Only names are kept, never classes.
 *
 * <p>Thread-safe. Learning a class already learned is one hash lookup: no lock, no allocation.
 */
final class LearnedClasses {

  private static final Map<ClassLoader, Map<String, LearnedClasses>> REGISTRY = new WeakHashMap<>();

  private final Set<String> names = ConcurrentHashMap.newKeySet();

  private LearnedClasses() {
  }

  /**
   * The classes learned for one cache in this JVM, shared by every codec of that cache: the same instance for the
   * same class loader, prefix and cache name.
   *
   * @param classLoader the class loader of the cache's manager, which resolves the names read
   * @param prefix the manager's Redis key prefix ({@code jcache.redis.prefix})
   * @param cacheName the cache's name
   */
  public static LearnedClasses of(ClassLoader classLoader, String prefix, String cacheName) {
    String cache = KeyCodec.configKey(prefix, cacheName); // escaped: distinct caches never share a key
    synchronized (REGISTRY) {
      return REGISTRY.computeIfAbsent(classLoader, loader -> new HashMap<>())
          .computeIfAbsent(cache, name -> new LearnedClasses());
    }
  }

  /** Classes learned by the codecs of one list only (not registered JVM-wide): for codecs made outside a manager. */
  static LearnedClasses unshared() {
    return new LearnedClasses();
  }

  /** Whether a class of this name was written, judged by the name alone. */
  boolean contains(String className) {
    return names.contains(className);
  }

  /**
   * Learns a class being written: its name, and for an array the names of its element types. A dynamic proxy is
   * never learned, as proxies are never read (their invocation handler could run any code): writing one fails.
   */
  void learn(Class<?> type) {
    if (names.contains(type.getName())) {
      return; // the hot path: every value of an already learned class
    }
    if (java.lang.reflect.Proxy.isProxyClass(type)) {
      throw ClassNotAllowedException.proxy(type.getName());
    }
    for (Class<?> c = type; c != null; c = c.getComponentType()) {
      names.add(c.getName());
    }
  }

  @Override
  public String toString() {
    return "LearnedClasses" + names;
  }
}
