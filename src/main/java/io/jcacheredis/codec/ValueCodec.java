package io.jcacheredis.codec;

/**
 * Turns cache values (and non-String keys) into the bytes stored in Redis and back. Implementations must be safe
 * for concurrent use and must produce equal bytes for equal objects when used for keys.
 */
public interface ValueCodec {

  /**
   * Serializes a non-null object; throws {@link javax.cache.CacheException} naming the class when it cannot. The
   * array is sent to Redis as it is, without a copy, possibly after later calls (a {@code putAll} encodes every value
   * before it sends its pipeline): return a new array on every call, never a buffer the codec reuses.
   */
  byte[] encode(Object value);

  /** Reads bytes written by {@link #encode}. */
  Object decode(byte[] bytes);
}
