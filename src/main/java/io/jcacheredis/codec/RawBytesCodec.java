package io.jcacheredis.codec;

import javax.cache.CacheException;

/**
 * byte[] values stored as they are ({@code bytes}): only for caches whose value type is byte[]. Encoding copies the
 * array, as the cache may send it later than the call that stores it.
 */
final class RawBytesCodec implements ValueCodec {

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof byte[])) {
      throw new CacheException("The bytes codec stores byte[] values only, not " + value.getClass().getName());
    }
    return ((byte[]) value).clone();
  }

  @Override
  public Object decode(byte[] bytes) {
    return bytes;
  }
}
