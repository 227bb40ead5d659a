package io.jcacheredis.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps cache keys to Redis keys {@code <prefix>:<cache>:<key>}. String keys are stored as their UTF-8 text, so
 * {@code redis-cli --scan} shows them; other keys are a 0xFF marker byte (never valid in UTF-8, so the two can't
 * collide) followed by their codec bytes. The cache name is escaped so that no cache's keys match another cache's
 * SCAN pattern, and no hash tag is used: a cache's entries spread over every slot of a Redis Cluster.
 */
public final class KeyCodec {

  private static final byte BINARY_MARKER = (byte) 0xFF;

  private final byte[] prefix;
  private final byte[] scanPattern;
  private final ValueCodec codec;

  /**
   * @param namespace the key prefix of the manager ({@code jcache.redis.prefix})
   * @param cacheName the cache whose keys this maps
   * @param codec encodes and decodes keys that are not Strings
   */
  public KeyCodec(String namespace, String cacheName, ValueCodec codec) {
    this.prefix = (escape(namespace) + ":" + escape(cacheName) + ":").getBytes(StandardCharsets.UTF_8);
    this.scanPattern = Arrays.copyOf(prefix, prefix.length + 1);
    this.scanPattern[prefix.length] = '*';
    this.codec = codec;
  }

  /**
   * The start of every Redis key of a manager's caches, {@code <prefix>:}: what near-cache invalidation tracks. A
   * cache's keys continue with its escaped name (never containing a colon) and a colon.
   */
  public static byte[] namespacePrefix(String namespace) {
    return (escape(namespace) + ":").getBytes(StandardCharsets.UTF_8);
  }

  /** The start of every Redis key of this cache, {@code <prefix>:<cache>:}. */
  public byte[] prefix() {
    return prefix.clone();
  }

  /** The Redis key holding a cache's stored configuration: the entry prefix without its trailing colon. */
  public static String configKey(String namespace, String cacheName) {
    return escape(namespace) + ":" + escape(cacheName);
  }

  /** The Redis key of a cache key: the cache's prefix, then the UTF-8 text of a String or the marked codec bytes. */
  public byte[] encode(Object key) {
    if (key instanceof String) {
      return Utf8String.withPrefix(prefix, (String) key);
    }
    byte[] body = codec.encode(key);
    byte[] out = Arrays.copyOf(prefix, prefix.length + 1 + body.length);
    out[prefix.length] = BINARY_MARKER;
    System.arraycopy(body, 0, out, prefix.length + 1, body.length);
    return out;
  }

  /** The cache key of a Redis key of this cache (one {@link #encode} made, or one SCAN found with its pattern). */
  public Object decode(byte[] redisKey) {
    int start = prefix.length;
    if (redisKey.length > start && redisKey[start] == BINARY_MARKER) {
      return codec.decode(Arrays.copyOfRange(redisKey, start + 1, redisKey.length));
    }
    return new String(redisKey, start, redisKey.length - start, StandardCharsets.UTF_8);
  }

  /** A SCAN MATCH pattern for every key of this cache. */
  public byte[] scanPattern() {
    return scanPattern.clone();
  }

  /** A SCAN MATCH pattern for the keys of this cache whose text matches a Redis glob. */
  public byte[] scanPattern(String glob) {
    return Utf8String.withPrefix(prefix, glob);
  }

  /** Percent-escapes ':', '%' and the glob characters so names are unambiguous and safe in SCAN patterns. */
  static String escape(String name) {
    StringBuilder out = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean special = c == ':' || c == '%' || c == '*' || c == '?' || c == '[' || c == ']' || c == '\\'
          || c == '{' || c == '}';
      if (special) {
        if (out == null) {
          out = new StringBuilder(name.length() + 8).append(name, 0, i);
        }
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? name : out.toString();
  }
}
