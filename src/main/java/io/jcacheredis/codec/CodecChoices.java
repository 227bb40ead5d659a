package io.jcacheredis.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import javax.cache.CacheException;

/**
 * Makes each cache's codecs from its {@link CodecOptions} (docs/codecs.md): the value codec the options name, with
 * compression around it ({@link CompressingCodec}); and the codec of keys that are not Strings: the same codec for
 * {@code kryo}, {@code java} and a codec class, JSON of the key type for {@code json} with a key type, else Kryo.
 */
public final class CodecChoices {

  private final DefaultCodecs kryo;
  private final CodecOptions managerOptions;

  /**
   * @param kryo makes the Kryo codec and the allow list of a cache
   * @param managerOptions the manager-wide codec settings, which a cache's configuration may override
   */
  public CodecChoices(DefaultCodecs kryo, CodecOptions managerOptions) {
    this.kryo = kryo;
    this.managerOptions = managerOptions;
  }

  /** The manager-wide codec settings. */
  public CodecOptions managerOptions() {
    return managerOptions;
  }

  /** The codecs the options name for a cache of these types; a CacheException saying why a choice cannot work. */
  public CacheCodecs forCache(String cacheName, Class<?> keyType, Class<?> valueType, CodecOptions options) {
    requireLibrary(options.compression());
    switch (options.codec()) {
      case CodecOptions.KRYO: {
        ValueCodec codec = kryo.forCache(cacheName, keyType, valueType);
        return codecs(codec, codec, options);
      }
      case CodecOptions.JAVA: {
        ValueCodec codec = new JavaSerializationCodec(kryo.classLoader(), kryo.allowList(cacheName, keyType,
            valueType));
        return codecs(codec, codec, options);
      }
      case CodecOptions.JSON:
        requireValueType(cacheName, valueType, null, "JSON names no classes, so the cache must say which one to"
            + " read back. Set the types (setTypes), or use kryo or java for values of any class");
        return codecs(keyType == Object.class ? kryo.forCache(cacheName, keyType, valueType) : json(keyType),
            json(valueType), options);
      case CodecOptions.STRING:
        requireValueType(cacheName, valueType, String.class, "it stores text only");
        return codecs(kryo.forCache(cacheName, keyType, valueType), new PlainStringCodec(), options);
      case CodecOptions.BYTES:
        requireValueType(cacheName, valueType, byte[].class, "it stores byte arrays only");
        return codecs(kryo.forCache(cacheName, keyType, valueType), new RawBytesCodec(), options);
      default: {
        ValueCodec codec = instantiate(options.codec());
        return codecs(codec, codec, options);
      }
    }
  }

  /**
   * The codecs of a cache whose configuration brings its own codec (a codec factory): it writes keys and values,
   * with the options' compression; the stored configuration names its class.
   */
  public CacheCodecs forCodec(ValueCodec codec, CodecOptions options) {
    requireLibrary(options.compression());
    return new CacheCodecs(codec, new CompressingCodec(codec, options.compression(), options.thresholdBytes()),
        new CodecNames(codec.getClass().getName(), options.compression().settingName()));
  }

  private static CacheCodecs codecs(ValueCodec keys, ValueCodec values, CodecOptions options) {
    return new CacheCodecs(keys, new CompressingCodec(values, options.compression(), options.thresholdBytes()),
        CodecNames.of(options));
  }

  private static void requireLibrary(Compression compression) {
    if (compression != Compression.NONE) {
      compression.compressor();
    }
  }

  /** The value type must be {@code required} (or, when that is null, anything but Object). */
  private static void requireValueType(String cacheName, Class<?> valueType, Class<?> required, String why) {
    boolean fits = required == null ? valueType != Object.class : valueType == required;
    if (!fits) {
      throw new CacheException("Cache " + cacheName + " cannot use the codec it is given ("
          + CodecOptions.CODEC + "): it needs " + (required == null ? "a value type" : "the value type "
          + required.getSimpleName()) + ", and the cache's value type is " + valueType.getName() + ": " + why);
    }
  }

  private static ValueCodec json(Class<?> type) {
    try {
      return new JsonCodec(type);
    } catch (LinkageError e) {
      throw new CacheException("The json codec needs com.fasterxml.jackson.core:jackson-databind on the class path"
          + " (an optional dependency of jcache-redis; see docs/codecs.md): " + e, e);
    }
  }

  /** A codec class named by {@value CodecOptions#CODEC}: public, a ValueCodec, with a public no-argument constructor. */
  private ValueCodec instantiate(String className) {
    String setting = CodecOptions.CODEC + "=" + className;
    Class<?> type;
    try {
      type = Class.forName(className, true, kryo.classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException(setting + ": no such codec (the built-in ones are kryo, json, java, string and"
          + " bytes), and no class of that name can be loaded with the manager's class loader: " + e, e);
    }
    if (!ValueCodec.class.isAssignableFrom(type)) {
      throw new CacheException(setting + ": the class does not implement " + ValueCodec.class.getName());
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      if (!Modifier.isPublic(type.getModifiers())) {
        throw new NoSuchMethodException("the class is not public");
      }
      return (ValueCodec) constructor.newInstance();
    } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
      throw new CacheException(setting + ": the class needs a public no-argument constructor (" + e + ")", e);
    } catch (InvocationTargetException e) {
      throw new CacheException(setting + ": its constructor failed: " + e.getCause(), e.getCause());
    }
  }
}
