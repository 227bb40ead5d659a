package io.jcacheredis.codec;

import java.nio.charset.StandardCharsets;
import javax.cache.CacheException;

/**
 * String values as their plain UTF-8 bytes ({@code string}), as other programs write text into Redis. Only for
 * caches whose value type is String.
 */
final class PlainStringCodec implements ValueCodec {

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof String)) {
      throw new CacheException("The string codec stores String values only, not " + value.getClass().getName());
    }
    return ((String) value).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
