package io.jcacheredis.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings stored as a zero byte followed by their UTF-8 bytes: the most common value type, so it skips Kryo, whose
 * char-by-char string writer took several times the cost of a JDK copy. No Kryo stream starts with a zero byte (Kryo
 * writes it only for a null object, which a cache never stores), and decimal Longs start with a digit or '-', so
 * the three forms cannot be confused; Strings stored by Kryo are still read by Kryo.
 */
final class Utf8String {

  static final byte MARKER = 0;
  private static final byte[] MARKER_PREFIX = {MARKER};

  private Utf8String() {
  }

  static boolean isUtf8String(byte[] bytes) {
    return bytes.length > 0 && bytes[0] == MARKER;
  }

  static byte[] encode(String value) {
    return withPrefix(MARKER_PREFIX, value);
  }

  /**
   * {@code prefix} followed by the UTF-8 bytes of {@code text}, in one array; ASCII text (the usual case) is copied
   * without an intermediate array.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies chars as bytes: exact for ASCII text
  static byte[] withPrefix(byte[] prefix, String text) {
    int length = text.length();
    if (isAscii(text, length)) {
      byte[] bytes = Arrays.copyOf(prefix, prefix.length + length);
      text.getBytes(0, length, bytes, prefix.length);
      return bytes;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(prefix, prefix.length + utf8.length);
    System.arraycopy(utf8, 0, bytes, prefix.length, utf8.length);
    return bytes;
  }

  private static boolean isAscii(String value, int length) {
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static String decode(byte[] bytes) {
    return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
  }
}
