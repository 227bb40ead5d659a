package io.jcacheredis.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import javax.cache.CacheException;

/**
 * Values by Java serialization, held to the same rules as {@link KryoCodec}: a class name in the stream resolves only
 * through the cache's {@link ClassAllowList} (a refused class is never loaded), every class written is learned, dynamic
 * proxies are refused, nesting is bounded ({@value KryoCodec#MAX_DEPTH} levels), arrays together may not announce
 * more elements than the stream has bytes, and the JVM-wide serial filter, when set, applies too. {@link Long}s are
 * stored as decimal text, as Kryo stores them, so INCRBY works on them; a Java stream starts with 0xAC, never a
 * digit or '-'.
 */
final class JavaSerializationCodec implements ValueCodec {

  private final ClassAllowList allowList;
  private final ClassLoader allowListLoader;

  JavaSerializationCodec(ClassLoader classLoader, ClassAllowList allowList) {
    this.allowList = allowList;
    this.allowListLoader = new AllowListClassLoader(classLoader, allowList);
  }

  @Override
  public byte[] encode(Object value) {
    if (value instanceof Long) {
      return DecimalLong.encode((Long) value);
    }
    if (!(value instanceof Serializable)) {
      throw new CacheException("Cannot store a value of " + value.getClass().getName() + " with the java codec: it"
          + " is not java.io.Serializable. Make it Serializable, or use another codec (docs/codecs.md)");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new AllowListObjectStreams.Output(bytes, allowList)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CacheException("Cannot store a value of " + value.getClass().getName() + " with the java codec: it"
          + " holds " + e.getMessage() + ", which is not java.io.Serializable", e);
    } catch (IOException | RuntimeException e) {
      throw new CacheException("Cannot store a value of " + value.getClass().getName() + " with the java codec: "
          + (e instanceof ClassNotAllowedException ? e.getMessage() : e.toString()), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes) {
    if (DecimalLong.isDecimal(bytes)) {
      return DecimalLong.decode(bytes);
    }
    try (ObjectInputStream in = new CheckedInputStream(new ByteArrayInputStream(bytes), allowListLoader,
        bytes.length)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      String failure = "Cannot deserialize a value stored in Redis (" + bytes.length + " bytes) with the java codec: ";
      ClassNotAllowedException refused = ClassNotAllowedException.findIn(e);
      if (refused != null) {
        throw new UnreadableClassException(refused.className(), failure + refused.getMessage(), e);
      }
      throw new CacheException(failure + e, e);
    }
  }

  /** Resolves classes through the allow list only; bounds depth and array sizes. */
  private static final class CheckedInputStream extends AllowListObjectStreams.Input {
    private long elementBudget;

    CheckedInputStream(InputStream in, ClassLoader allowListLoader, int size) throws IOException {
      super(in, allowListLoader);
      this.elementBudget = size;
      ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
      setObjectInputFilter(info -> check(info, jvmWide));
    }

    private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, ObjectInputFilter jvmWide) {
      if (info.depth() > KryoCodec.MAX_DEPTH) {
        return ObjectInputFilter.Status.REJECTED;
      }
      if (info.arrayLength() >= 0) {
        elementBudget -= info.arrayLength();
        if (elementBudget < 0) {
          return ObjectInputFilter.Status.REJECTED;
        }
      }
      if (jvmWide != null && jvmWide.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
        return ObjectInputFilter.Status.REJECTED;
      }
      return ObjectInputFilter.Status.UNDECIDED;
    }
  }
}
