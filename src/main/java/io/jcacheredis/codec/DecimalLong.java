package io.jcacheredis.codec;

import java.nio.charset.StandardCharsets;

/** Longs as the decimal text Redis's INCRBY reads and writes. */
public final class DecimalLong {

  private DecimalLong() {
  }

  public static byte[] encode(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** True for bytes that start like a decimal number: a digit, or '-' and a digit. */
  public static boolean isDecimal(byte[] bytes) {
    if (bytes.length == 0) {
      return false;
    }
    int first = bytes[0] == '-' && bytes.length > 1 ? 1 : 0;
    return bytes[first] >= '0' && bytes[first] <= '9';
  }

  public static long decode(byte[] bytes) {
    return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
  }
}
