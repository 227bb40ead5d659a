package io.jcacheredis.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.Serializable;
import javax.cache.CacheException;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The default codec: Kryo with class names written into the bytes, references on (cyclic graphs work), and pooled
 * Kryo instances with their buffers, so no call allocates a Kryo or a buffer. JDK classes whose fields Java 17 keeps
 * private (for example {@code java.awt.Color}) go through Java serialization inside Kryo.
 *
 * <p>Two value types skip Kryo: {@link Long}s are stored as decimal text, so Redis can increment them (INCRBY) and
 * {@code redis-cli} shows them, and {@link String}s as a zero byte and their UTF-8 bytes ({@link Utf8String}). Kryo's
 * output starts with neither (its first byte is a small non-zero class id), so the three forms cannot be confused.
 *
 * <p>Bytes in Redis may come from anyone, so reading never trusts them: only allowed classes are loaded
 * ({@link ClassAllowList}: JDK value types, framework types the provider knows, the cache's own types, listed ones,
 * and every class this JVM has written into the cache; a value naming another class is an
 * {@link UnreadableClassException}), values nest at most {@value #MAX_DEPTH} levels deep (deeper ones would overflow
 * the caller's stack), and no string, array, collection or map is allocated larger than the bytes can hold
 * ({@link BoundedInput}). Whatever the bytes, decoding returns a value or throws a {@link CacheException}. Writing
 * never fails for want of an allow-list entry: what is written is learned ({@link LearnedClasses}).
 */
public final class KryoCodec implements ValueCodec {

  /**
   * Classes a cache may read besides its key and value types (and their fields), the JDK value types, the framework
   * types the provider knows and the classes this JVM has written into it, as comma-separated patterns:
   * {@code com.acme.Person}, {@code com.acme.*}, {@code com.acme.**}; {@code *} allows every class (no protection
   * against hostile bytes in Redis). Needed only to read, in a JVM that has not yet written them, classes that
   * another JVM stored.
   */
  public static final String ALLOWED_CLASSES = "jcache.redis.allowed-classes";

  /**
   * How deep values may nest (objects within objects, collections within collections, Java-serialized parts
   * included), on write and read alike, as protobuf limits its messages. Reading a value this deep took at most about
   * 200 KB of stack (measured on a fresh JVM), within even a small 256 KB thread stack; deeper bytes could overflow
   * the caller's stack.
   */
  static final int MAX_DEPTH = 100;

  private static final int POOL_SIZE = 64;
  private static final int INITIAL_BUFFER = 256;
  private static final int MAX_KEPT_BUFFER = 64 * 1024;

  /** A Kryo with its output and input buffers: one is borrowed per encode or decode. */
  private final SlotPool<Session> sessions;

  /** A codec that reads only the classes {@code allowList} permits, loaded with {@code classLoader}. */
  public KryoCodec(ClassLoader classLoader, ClassAllowList allowList) {
    this(classLoader, allowList, KryoOptions.defaults());
  }

  /** A codec with options; the registered classes are allowed in addition to {@code allowList}. */
  public KryoCodec(ClassLoader classLoader, ClassAllowList allowList, KryoOptions options) {
    ClassLoader filtered = new AllowListClassLoader(classLoader, allowList.with(options.registrations()));
    this.sessions = new SlotPool<>(POOL_SIZE, () -> new Session(newKryo(filtered, allowList, options)));
  }

  private static Kryo newKryo(ClassLoader classLoader, ClassAllowList allowList, KryoOptions options) {
    Kryo kryo = new JdkAwareKryo(allowList);
    kryo.setRegistrationRequired(false);
    kryo.setReferences(options.references());
    kryo.setMaxDepth(MAX_DEPTH);
    kryo.setClassLoader(classLoader);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    int id = KryoOptions.FIRST_ID;
    for (String className : options.registrations()) {
      try {
        kryo.register(Class.forName(className, false, classLoader), id++);
      } catch (ClassNotFoundException e) {
        throw new CacheException("Class " + className + " listed in " + KryoOptions.REGISTRATIONS
            + " cannot be loaded", e);
      }
    }
    return kryo;
  }

  @Override
  public byte[] encode(Object value) {
    if (value instanceof String) {
      return Utf8String.encode((String) value);
    }
    if (value instanceof Long) {
      return DecimalLong.encode((Long) value);
    }
    Session session = sessions.obtain();
    Output output = session.output;
    try {
      output.reset();
      session.kryo.writeClassAndObject(output, value);
      return output.toBytes();
    } catch (ClassNotAllowedException e) {
      throw new CacheException("Cannot store a value of " + value.getClass().getName() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) { // Kryo's own and reflection failures (InaccessibleObjectException) alike
      if (String.valueOf(e.getMessage()).startsWith("Max depth exceeded")) { // Kryo's message, see MAX_DEPTH
        throw new CacheException("Cannot store a value of " + value.getClass().getName() + ": it nests deeper than "
            + MAX_DEPTH + " levels (objects within objects), more than the cache reads back", e);
      }
      throw new CacheException("Cannot serialize a value of " + value.getClass().getName()
          + " with Kryo: " + e.getMessage() + ". Make the class serializable by Kryo (a no-argument constructor"
          + " or java.io.Serializable) or configure another ValueCodec.", e);
    } finally {
      if (output.getBuffer().length > MAX_KEPT_BUFFER) {
        output.setBuffer(new byte[INITIAL_BUFFER], -1); // don't keep a huge value's buffer in the pool
      }
      sessions.release(session);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    if (Utf8String.isUtf8String(bytes)) {
      return Utf8String.decode(bytes);
    }
    if (DecimalLong.isDecimal(bytes)) {
      return DecimalLong.decode(bytes);
    }
    Session session = sessions.obtain();
    try {
      session.input.start(bytes);
      return session.kryo.readClassAndObject(session.input);
    } catch (RuntimeException e) {
      String failure = "Cannot deserialize a value stored in Redis (" + bytes.length + " bytes): ";
      ClassNotAllowedException refused = ClassNotAllowedException.findIn(e);
      if (refused != null) {
        throw new UnreadableClassException(refused.className(), failure + refused.getMessage(), e);
      }
      throw new CacheException(failure + e.getMessage(), e);
    } finally {
      session.input.release();
      sessions.release(session);
    }
  }

  /** What one encode or decode needs; used by one thread at a time. */
  private static final class Session {
    final Kryo kryo;
    final Output output = new Output(INITIAL_BUFFER, -1);
    final BoundedInput input = new BoundedInput();

    Session(Kryo kryo) {
      this.kryo = kryo;
    }
  }

  /**
   * Kryo that falls back to Java serialization for Serializable classes it would get wrong field by field: JDK
   * classes it cannot reach by reflection, and classes with readResolve/writeReplace (singletons such as Spring's
   * NullValue marker must come back as the same instance). Its serializers for collections, maps and arrays are
   * {@link BoundedSerializers bounded}.
   */
  private static final class JdkAwareKryo extends Kryo {
    private final ClassAllowList allowList;

    JdkAwareKryo(ClassAllowList allowList) {
      super(new AllowListClassResolver(allowList), null);
      this.allowList = allowList;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
      return BoundedSerializers.bounded(this, type, super.getDefaultSerializer(type));
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    protected Serializer newDefaultSerializer(Class type) {
      if (Serializable.class.isAssignableFrom(type) && (isClosedJdkClass(type) || hasSerializationHooks(type))) {
        return new AllowListJavaSerializer(allowList);
      }
      return super.newDefaultSerializer(type);
    }

    private static boolean isClosedJdkClass(Class<?> type) {
      Module module = type.getModule();
      return module.isNamed() && !module.isOpen(type.getPackageName(), Kryo.class.getModule());
    }

    private static boolean hasSerializationHooks(Class<?> type) {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
          if (method.getParameterCount() == 0
              && (method.getName().equals("readResolve") || method.getName().equals("writeReplace"))) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
