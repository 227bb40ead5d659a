package io.jcacheredis.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.Map;

/**
 * Java serialization streams held to a cache's {@link ClassAllowList}, for the java codec and for the Java streams
 * inside Kryo: writing learns each class as its descriptor is written and refuses dynamic proxies; reading resolves
 * class names through the allow list only (a refused class is never loaded) and refuses dynamic proxies. Each user
 * sets its own filter on the input stream.
 */
final class AllowListObjectStreams {

  private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
      "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
      "double", double.class, "void", void.class);

  private AllowListObjectStreams() {
  }

  /** Learns each class as its descriptor is written; refuses a dynamic proxy, which the cache would never read. */
  static final class Output extends ObjectOutputStream {
    private final ClassAllowList allowList;

    Output(OutputStream out, ClassAllowList allowList) throws IOException {
      super(out);
      this.allowList = allowList;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      allowList.written(type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
      throw ClassNotAllowedException.proxy(type.getName());
    }
  }

  /** Resolves classes with an allow list's loader ({@link AllowListClassLoader}) only; never a dynamic proxy. */
  static class Input extends ObjectInputStream {
    private final ClassLoader allowListLoader;

    Input(InputStream in, ClassLoader allowListLoader) throws IOException {
      super(in);
      this.allowListLoader = allowListLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
      Class<?> primitive = PRIMITIVES.get(desc.getName());
      return primitive != null ? primitive : Class.forName(desc.getName(), false, allowListLoader);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws ClassNotFoundException {
      throw new ClassNotFoundException("Dynamic proxies are not read from Redis: " + String.join(", ", interfaces));
    }
  }
}
