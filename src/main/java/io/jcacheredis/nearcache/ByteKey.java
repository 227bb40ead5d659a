package io.jcacheredis.nearcache;

import java.util.Arrays;

/** An encoded Redis key as a map key: equal by content, its hash computed once. The bytes are not copied. */
final class ByteKey {

  private final byte[] bytes;
  private final int hash;

  ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** How many bytes the key has. */
  int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey that && hash == that.hash && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
