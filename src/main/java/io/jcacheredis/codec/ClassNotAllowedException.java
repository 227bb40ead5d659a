package io.jcacheredis.codec;

import com.esotericsoftware.kryo.KryoException;

/** A value names a class its cache may not store or read; the message says how to allow it. */
final class ClassNotAllowedException extends KryoException {

  private static final long serialVersionUID = 1L;

  ClassNotAllowedException(String className) {
    super(className + " is not allowed for this cache: add it (or its package) to " + KryoCodec.ALLOWED_CLASSES
        + ", or make it the cache's key or value type");
  }
}
