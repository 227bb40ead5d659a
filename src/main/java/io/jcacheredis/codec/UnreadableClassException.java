package io.jcacheredis.codec;

import javax.cache.CacheException;

/**
 * A value stored in Redis names a class its cache may not read (see {@link ClassAllowList}): the class was neither
 * loaded nor initialised. The message names the class and the setting that would allow it.
 */
public final class UnreadableClassException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final String className;

  UnreadableClassException(String className, String message, Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /** The refused class, as {@value KryoCodec#ALLOWED_CLASSES} would list it (for an array, its element class). */
  public String className() {
    return className;
  }
}
