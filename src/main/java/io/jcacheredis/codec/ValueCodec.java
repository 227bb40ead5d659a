package io.jcacheredis.codec;

/**
 * Turns cache values (and non-String keys) into the bytes stored in Redis and back: the public interface of value
 * codecs. The built-in ones are chosen by name ({@code jcache.redis.codec}: {@code kryo}, {@code json}, {@code java},
 * {@code string}, {@code bytes}; see {@link CodecOptions}); an application's own is named by its class (a public
 * class with a public no-argument constructor, loaded with the manager's class loader) or given to one cache as a
 * factory ({@code RedisCacheConfiguration.setCodecFactory}). Compression, when configured, wraps whatever a codec
 * writes (see docs/codecs.md), so a codec never compresses.
 *
 * <p>Implementations must be safe for concurrent use and must produce equal bytes for equal objects when used for
 * keys. Bytes in Redis may come from anyone: {@link #decode} must not trust them (no class loaded that the cache
 * does not allow, no allocation larger than the bytes justify) and throws a {@link javax.cache.CacheException} for
 * bytes it cannot read. Every JVM sharing a cache must use the same codec; the cache's stored configuration records
 * its name (for an application's codec, its class name), and a JVM opening the cache with another is refused. For
 * the extension's {@code incr} to work on a codec's {@link Long} values, the codec must store them as decimal text
 * ({@link DecimalLong}).
 */
public interface ValueCodec {

  /**
   * Serializes a non-null object; throws {@link javax.cache.CacheException} naming the class when it cannot. The
   * array is sent to Redis as it is, without a copy, possibly after later calls (a {@code putAll} encodes every value
   * before it sends its pipeline): return a new array on every call, never a buffer the codec reuses.
   */
  byte[] encode(Object value);

  /** Reads bytes written by {@link #encode}; a {@link javax.cache.CacheException} for bytes it cannot read. */
  Object decode(byte[] bytes);
}
