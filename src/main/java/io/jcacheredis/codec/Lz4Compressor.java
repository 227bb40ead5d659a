package io.jcacheredis.codec;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 blocks through lz4-java: its fast compressor, and its safe decompressor, which never writes past the target
 * nor reads past the source whatever the bytes.
 */
final class Lz4Compressor implements Compressor {

  private final LZ4Compressor compressor;
  private final LZ4SafeDecompressor decompressor;

  Lz4Compressor() {
    LZ4Factory factory = LZ4Factory.fastestInstance();
    this.compressor = factory.fastCompressor();
    this.decompressor = factory.safeDecompressor();
  }

  @Override
  public byte[] compress(byte[] raw, int headerLength) {
    int bound = compressor.maxCompressedLength(raw.length);
    byte[] out = new byte[headerLength + bound];
    int length = compressor.compress(raw, 0, raw.length, out, headerLength, bound);
    return length >= raw.length ? null : Arrays.copyOf(out, headerLength + length);
  }

  @Override
  public void decompress(byte[] source, int offset, int length, byte[] target) {
    int written;
    try {
      written = decompressor.decompress(source, offset, length, target, 0, target.length);
    } catch (LZ4Exception e) {
      throw new IllegalArgumentException("corrupt LZ4 block: " + e.getMessage(), e);
    }
    if (written != target.length) {
      throw new IllegalArgumentException("the LZ4 block holds " + written + " bytes, not the " + target.length
          + " its header announces");
    }
  }
}
