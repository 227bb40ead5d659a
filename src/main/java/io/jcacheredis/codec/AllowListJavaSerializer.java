package io.jcacheredis.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.ObjectMap;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Java serialization inside Kryo (for the classes {@link KryoCodec} leaves to it), held to the cache's rules. Kryo's
 * own JavaSerializer resolves a class the allow list refuses with the application's class loader instead, so a Java
 * stream inside a value of an allowed class (an {@code AtomicInteger}) could name and run any class on the class
 * path. Here a class name resolves through the allow list only, dynamic proxies are refused, a filter bounds nesting
 * depth and counts array sizes against the value's budget ({@link BoundedInput}) as Kryo's own format is, and
 * every class descriptor written is learned ({@link ClassAllowList#written}), so the cache reads it back. Same bytes
 * as Kryo's JavaSerializer.
 */
final class AllowListJavaSerializer extends JavaSerializer {

  private final ClassAllowList allowList;

  AllowListJavaSerializer(ClassAllowList allowList) {
    this.allowList = allowList;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Kryo's signature and its raw graph context map
  public void write(Kryo kryo, Output output, Object object) {
    try {
      ObjectMap graphContext = kryo.getGraphContext();
      ObjectOutputStream stream = (ObjectOutputStream) graphContext.get(this);
      if (stream == null) {
        stream = new AllowListObjectStreams.Output(output, allowList);
        graphContext.put(this, stream);
      }
      stream.writeObject(object);
      stream.flush();
    } catch (ClassNotAllowedException e) {
      throw e;
    } catch (Exception e) {
      throw new KryoException("Error during Java serialization.", e);
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Kryo's signature and its raw graph context map
  public Object read(Kryo kryo, Input input, Class type) {
    try {
      ObjectMap graphContext = kryo.getGraphContext();
      ObjectInputStream stream = (ObjectInputStream) graphContext.get(this);
      if (stream == null) {
        stream = new CheckedInputStream(input, kryo);
        graphContext.put(this, stream);
      }
      return stream.readObject();
    } catch (Exception e) {
      throw new KryoException("Error during Java deserialization: " + e, e);
    }
  }

  /** Resolves classes with the allow list's loader only, and filters what the stream may create. */
  private static final class CheckedInputStream extends AllowListObjectStreams.Input {

    CheckedInputStream(Input input, Kryo kryo) throws IOException {
      super(input, kryo.getClassLoader());
      ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
      setObjectInputFilter(info -> check(info, input, kryo.getDepth(), jvmWide));
    }

    /** The Java stream's nesting adds to Kryo's ({@code kryoDepth}): both use the caller's stack. */
    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, Input input, int kryoDepth,
        ObjectInputFilter jvmWide) {
      if (kryoDepth + info.depth() > KryoCodec.MAX_DEPTH) {
        return ObjectInputFilter.Status.REJECTED;
      }
      if (info.arrayLength() >= 0) {
        try {
          BoundedInput.claimElements(input, info.arrayLength());
        } catch (KryoException e) {
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
