package io.jcacheredis.codec;

/**
 * A cache's value codec with compression ({@link CompressedFrame}): encodes with the codec, then compresses what
 * reaches the threshold; decodes frames of every compression kind, whatever this cache writes with, and bytes that are
 * no frame as they are. With {@link Compression#NONE} it only writes codec bytes that start with the frame marker
 * as a stored frame, so they cannot be taken for one.
 */
final class CompressingCodec implements ValueCodec {

  private final ValueCodec codec;
  private final Compression compression;
  private final int threshold;

  CompressingCodec(ValueCodec codec, Compression compression, int threshold) {
    this.codec = codec;
    this.compression = compression;
    this.threshold = threshold;
  }

  @Override
  public byte[] encode(Object value) {
    return CompressedFrame.wrap(codec.encode(value), compression, threshold);
  }

  @Override
  public Object decode(byte[] bytes) {
    return codec.decode(CompressedFrame.unwrap(bytes));
  }
}
