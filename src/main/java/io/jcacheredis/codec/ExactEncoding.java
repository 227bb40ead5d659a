package io.jcacheredis.codec;

/**
 * Which values a codec encodes so that two of them are {@code equals()} exactly when their bytes are equal: text,
 * boxed primitives and enum constants. For these a conditional write can compare in Redis, byte for byte. Other
 * values (a HashSet, say, whose bytes follow its iteration order) may be equal with different bytes, so a byte
 * mismatch must be confirmed with {@code equals()} in the JVM.
 */
public final class ExactEncoding {

  private ExactEncoding() {
  }

  public static boolean comparesByBytes(Object value) {
    return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof Boolean || value instanceof Character || value instanceof Enum;
  }
}
