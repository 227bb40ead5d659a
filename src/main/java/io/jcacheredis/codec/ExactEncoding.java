package io.jcacheredis.codec;

/**
 * Which values a codec encodes so that two of them are {@code equals()} exactly when their bytes are equal: text,
 * boxed primitives and enum constants. For these a conditional write can compare in Redis, byte for byte. Other
 * values (a HashSet, say, whose bytes follow its iteration order) may be equal with different bytes, so a byte
 * mismatch must be confirmed with {@code equals()} in the JVM. So must a mismatch of bytes long enough to be
 * compressed ({@link Compression#MIN_THRESHOLD}): another JVM may store the same value compressed, or not.
 */
public final class ExactEncoding {

  private ExactEncoding() {
  }

  /**
   * Whether a byte mismatch between {@code encoded}, the stored form of {@code value}, and stored bytes is final: a
   * value of an exact type whose bytes are short and uncompressed, which no JVM stores compressed.
   */
  public static boolean comparesByBytes(Object value, byte[] encoded) {
    boolean uncompressed = encoded.length == 0 || encoded[0] != CompressedFrame.MARKER;
    return uncompressed && encoded.length < Compression.MIN_THRESHOLD && comparesByBytes(value);
  }

  private static boolean comparesByBytes(Object value) {
    return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof Boolean || value instanceof Character || value instanceof Enum;
  }
}
