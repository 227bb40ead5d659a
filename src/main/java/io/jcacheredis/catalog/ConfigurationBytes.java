package io.jcacheredis.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.cache.CacheException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * The Java-serialized form of a cache configuration that other JVMs read from Redis. They read it only through a
 * filter that admits JDK and {@code javax.cache} classes, so bytes in Redis cannot instantiate arbitrary classes.
 * What that filter would refuse (a factory of an application class, a lambda, a non-serializable instance) is left
 * out when the form is written, and named, rather than making the whole configuration unreadable. The key and value
 * types are stored as names beside it ({@link StoredConfigurations}), so the form holds {@code Object} for both.
 */
final class ConfigurationBytes {

  private static final ObjectInputFilter FILTER =
      ObjectInputFilter.Config.createFilter("maxdepth=20;maxbytes=1048576;java.**;javax.cache.**;!*");

  /** The bytes, the parts of the configuration they leave out (with why), and the expiry factory's own bytes. */
  record Encoded(byte[] bytes, List<String> leftOut, byte[] expiryBytes) {
  }

  private ConfigurationBytes() {
  }

  /** The form of {@code config} other JVMs can read, leaving out (and naming) the parts they could not. */
  static Encoded encode(CompleteConfiguration<?, ?> config) {
    MutableConfiguration<Object, Object> shared = new MutableConfiguration<>()
        .setStoreByValue(config.isStoreByValue())
        .setReadThrough(config.isReadThrough())
        .setWriteThrough(config.isWriteThrough())
        .setStatisticsEnabled(config.isStatisticsEnabled())
        .setManagementEnabled(config.isManagementEnabled());
    List<String> leftOut = new ArrayList<>();
    byte[] expiryBytes = readableForm("expiry policy factory", config.getExpiryPolicyFactory(), leftOut);
    if (expiryBytes != null) {
      shared.setExpiryPolicyFactory(config.getExpiryPolicyFactory());
    }
    if (readableForm("CacheLoader factory", config.getCacheLoaderFactory(), leftOut) != null) {
      shared.setCacheLoaderFactory(rawFactory(config.getCacheLoaderFactory()));
    }
    if (readableForm("CacheWriter factory", config.getCacheWriterFactory(), leftOut) != null) {
      shared.setCacheWriterFactory(rawFactory(config.getCacheWriterFactory()));
    }
    for (CacheEntryListenerConfiguration<?, ?> listener : config.getCacheEntryListenerConfigurations()) {
      if (readableForm("cache entry listener configuration", listener, leftOut) != null) {
        shared.addCacheEntryListenerConfiguration(rawListener(listener));
      }
    }
    try {
      return new Encoded(serialize(shared), List.copyOf(leftOut), expiryBytes);
    } catch (IOException e) {
      // Every part was serialized alone above; only a part whose serialization changes between calls gets here.
      throw new CacheException("Cannot serialize the cache configuration: " + e, e);
    }
  }

  /** Reads a form written by {@link #encode}; only JDK and {@code javax.cache} classes are admitted. */
  @SuppressWarnings("unchecked")
  static MutableConfiguration<Object, Object> decode(byte[] data, ClassLoader classLoader)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data), classLoader)) {
      in.setObjectInputFilter(FILTER);
      return (MutableConfiguration<Object, Object>) in.readObject();
    }
  }

  /** Whether two expiry policy factories have the same serialized form (false when either has none). */
  static boolean sameExpiry(Factory<?> stored, byte[] requestedBytes) {
    if (requestedBytes == null) {
      return false;
    }
    try {
      return Arrays.equals(serialize(stored), requestedBytes);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The serialized form of one part when the filter of other JVMs would read it back; else null, with the part and
   * the reason added to {@code leftOut}. A null part has nothing to leave out.
   */
  private static byte[] readableForm(String part, Object value, List<String> leftOut) {
    if (value == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = serialize(value);
    } catch (NotSerializableException e) {
      String culprit = e.getMessage();
      leftOut.add(part + " (" + (value.getClass().getName().equals(culprit) ? culprit
          : value.getClass().getName() + " holds " + culprit) + ", which is not serializable)");
      return null;
    } catch (IOException | RuntimeException e) {
      leftOut.add(part + " (" + value.getClass().getName() + " cannot be serialized: " + e + ")");
      return null;
    }
    List<String> refused = new ArrayList<>();
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = FILTER.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
          refused.add(info.serialClass().getName());
        }
        return status;
      });
      in.readObject();
      return bytes;
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      leftOut.add(part + " (" + (refused.isEmpty() ? "cannot be read back: " + e
          : "refers to class " + refused.get(0) + "; other JVMs read only JDK and javax.cache classes from Redis")
          + ")");
      return null;
    }
  }

  private static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(value);
    }
    return out.toByteArray();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Factory<T> rawFactory(Factory<?> factory) {
    return (Factory) factory;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CacheEntryListenerConfiguration<Object, Object> rawListener(
      CacheEntryListenerConfiguration<?, ?> listener) {
    return (CacheEntryListenerConfiguration) listener;
  }

  /**
   * Resolves classes with the manager's class loader, and admits a {@code FactoryBuilder.ClassFactory} only when
   * the class it names is one a configuration's factory may create. The filter admits ClassFactory itself (it is a
   * {@code javax.cache} class), but its {@code create()} instantiates whatever class name it holds: without this
   * check, bytes written into Redis could make {@code getCache} run the no-argument constructor of any class.
   */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private static final List<Class<?>> CREATABLE = List.of(ExpiryPolicy.class, CacheLoader.class,
        CacheWriter.class, CacheEntryListener.class, CacheEntryEventFilter.class);
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
      enableResolveObject(true);
    }

    @Override
    protected Object resolveObject(Object object) throws IOException {
      if (object instanceof FactoryBuilder.ClassFactory) {
        String className = classFactoryTarget((FactoryBuilder.ClassFactory<?>) object);
        Class<?> target;
        try {
          target = Class.forName(className, false, classLoader); // loaded, not initialized
        } catch (ClassNotFoundException | LinkageError e) {
          throw new InvalidObjectException("a ClassFactory names class " + className + ", which cannot be loaded");
        }
        if (CREATABLE.stream().noneMatch(type -> type.isAssignableFrom(target))) {
          throw new InvalidObjectException("a ClassFactory names class " + className + ", which is none of "
              + "ExpiryPolicy, CacheLoader, CacheWriter, CacheEntryListener or CacheEntryEventFilter");
        }
      }
      return object;
    }

    /** ClassFactory keeps the name in a private field and has no accessor. */
    private static String classFactoryTarget(FactoryBuilder.ClassFactory<?> factory) throws IOException {
      try {
        Field field = FactoryBuilder.ClassFactory.class.getDeclaredField("className");
        field.setAccessible(true);
        return (String) field.get(factory);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new InvalidObjectException("a ClassFactory whose class name cannot be checked (" + e + ")");
      }
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
