package io.jcacheredis.codec;

/** Longs as the decimal text Redis's INCRBY reads and writes, converted without a String in between. */
public final class DecimalLong {

  private DecimalLong() {
  }

  /** The value as ASCII decimal text ({@code -42} is {@code "-42"}), as Redis's INCRBY stores it. */
  public static byte[] encode(long value) {
    if (value == Long.MIN_VALUE) {
      return "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    boolean negative = value < 0;
    long rest = Math.abs(value);
    int digits = 1;
    for (long n = rest; n >= 10; n /= 10) {
      digits++;
    }
    byte[] text = new byte[digits + (negative ? 1 : 0)];
    for (int i = text.length - 1; i >= (negative ? 1 : 0); i--) {
      text[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    if (negative) {
      text[0] = '-';
    }
    return text;
  }

  /** True for bytes that start like a decimal number: a digit, or '-' and a digit. */
  public static boolean isDecimal(byte[] bytes) {
    if (bytes.length == 0) {
      return false;
    }
    int first = bytes[0] == '-' && bytes.length > 1 ? 1 : 0;
    return bytes[first] >= '0' && bytes[first] <= '9';
  }

  /** Parses what {@link #encode} (or Redis's INCRBY) wrote; NumberFormatException for anything else. */
  public static long decode(byte[] bytes) {
    boolean negative = bytes.length > 0 && bytes[0] == '-';
    int start = negative ? 1 : 0;
    if (bytes.length == start || bytes.length - start > 19) {
      return Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)); // edge cases and errors
    }
    long value = 0;
    for (int i = start; i < bytes.length; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new NumberFormatException("Not a decimal number: " + new String(bytes,
            java.nio.charset.StandardCharsets.US_ASCII));
      }
      value = value * 10 + digit; // 18 digits cannot overflow; 19 may, checked below
      if (value < 0) {
        return Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    return negative ? -value : value;
  }
}
