package io.jcacheredis.codec;

import com.esotericsoftware.kryo.KryoException;

/**
 * Inside Kryo: a value's bytes name a class its cache may not read, or a value holds a dynamic proxy, which is never
 * stored. The message says why and how to allow the class; {@link KryoCodec} turns it into an
 * {@link UnreadableClassException} when reading.
 */
final class ClassNotAllowedException extends KryoException {

  private static final long serialVersionUID = 1L;

  private final String className;

  private ClassNotAllowedException(String className, String message) {
    super(message);
    this.className = className;
  }

  /** {@code className} (a name read from the bytes, maybe an array's) is not readable for the cache. */
  static ClassNotAllowedException refused(String className) {
    String element = elementName(className);
    return new ClassNotAllowedException(element, className + " is not allowed for this cache: this JVM has not"
        + " written it into the cache, and it is not listed. To read it, add it (or its package) to "
        + KryoCodec.ALLOWED_CLASSES + " (" + KryoCodec.ALLOWED_CLASSES + "=" + element + "), or make it the cache's"
        + " key or value type");
  }

  /** A dynamic proxy class is written: proxies are never read back, so they are not stored either. */
  static ClassNotAllowedException proxy(String className) {
    return new ClassNotAllowedException(className, className + " is a dynamic proxy: proxies are never read from"
        + " Redis (their invocation handler could run any code), so they cannot be stored. Store the data behind it");
  }

  /** The refused class, as {@value KryoCodec#ALLOWED_CLASSES} would name it (an array's element class). */
  String className() {
    return className;
  }

  /** The first of these in the causes of {@code error} (Kryo and Java serialization wrap it), or null. */
  static ClassNotAllowedException findIn(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClassNotAllowedException) {
        return (ClassNotAllowedException) cause;
      }
      if (cause.getCause() == cause) {
        return null;
      }
    }
    return null;
  }

  /** {@code [[Lcom.acme.Person;} is {@code com.acme.Person}; a name that is no array stays as it is. */
  private static String elementName(String className) {
    int start = 0;
    while (start < className.length() && className.charAt(start) == '[') {
      start++;
    }
    if (start > 0 && className.startsWith("L", start) && className.endsWith(";")) {
      return className.substring(start + 1, className.length() - 1);
    }
    return className;
  }
}
