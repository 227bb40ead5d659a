package io.jcacheredis.codec;

/** One compression library, as {@link CompressedFrame} uses it. Safe for concurrent use. */
interface Compressor {

  /**
   * The compressed form of {@code raw}, after {@code headerLength} bytes left free for the caller's header; null
   * when it would not be smaller than {@code raw}.
   */
  byte[] compress(byte[] raw, int headerLength);

  /**
   * Decompresses {@code source[offset, offset + length)} into all of {@code target}, whose length the frame
   * announced; throws an IllegalArgumentException when the bytes do not decompress to exactly that many.
   */
  void decompress(byte[] source, int offset, int length, byte[] target);
}
