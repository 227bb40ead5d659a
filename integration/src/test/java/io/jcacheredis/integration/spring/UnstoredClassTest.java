package io.jcacheredis.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.ClassAllowList;
import io.jcacheredis.codec.KryoCodec;
import io.jcacheredis.integration.EmbeddedRedis;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A value planted in Redis that names a class on the class path which this JVM never stored is a miss: the class is
 * not initialised and the method runs.
 */
class UnstoredClassTest extends SpringCacheTestBase {

  static final AtomicBoolean CANARY_INITIALISED = new AtomicBoolean();

  /** On the class path, never cached: records when its static initialiser runs. */
  static final class Canary implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      CANARY_INITIALISED.set(true);
    }

    String title = "planted";
  }

  /** Same name length as {@link Canary}: its Kryo bytes, renamed, name Canary. */
  static final class Pigeon implements Serializable {
    private static final long serialVersionUID = 1L;
    String title = "planted";
  }

  @Test
  void plantedValueNamingAnUnstoredClassIsAMiss() {
    String isbn = newIsbn();
    try (UnifiedJedis raw = EmbeddedRedis.raw()) {
      raw.set(EmbeddedRedis.redisKey("books", isbn).getBytes(StandardCharsets.UTF_8), bytesNamingCanary());
    }

    assertEquals(Book.of(isbn), books.find(isbn));
    assertEquals(1, books.calls().of("find"), "the planted value was a miss");
    assertFalse(CANARY_INITIALISED.get(), "the class the bytes name was never initialised");
    assertEquals(Book.of(isbn), books.find(isbn));
    assertEquals(1, books.calls().of("find"), "the method's result replaced the planted value");
  }

  /** Well-formed Kryo bytes, as the provider writes them, of a Pigeon renamed to Canary. */
  private static byte[] bytesNamingCanary() {
    KryoCodec anyClass = new KryoCodec(UnstoredClassTest.class.getClassLoader(),
        ClassAllowList.of(List.of(), List.of("*")));
    byte[] bytes = anyClass.encode(new Pigeon());
    byte[] from = asciiAsKryoWritesIt(Pigeon.class.getName());
    byte[] to = asciiAsKryoWritesIt(UnstoredClassTest.class.getName() + "$Canary");
    for (int at = 0; at + from.length <= bytes.length; at++) {
      if (Arrays.equals(bytes, at, at + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, bytes, at, to.length);
        return bytes;
      }
    }
    throw new AssertionError("class name not found in the Kryo bytes");
  }

  /** Kryo marks the last character of an ASCII string with the high bit. */
  private static byte[] asciiAsKryoWritesIt(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    ascii[ascii.length - 1] |= (byte) 0x80;
    return ascii;
  }
}
