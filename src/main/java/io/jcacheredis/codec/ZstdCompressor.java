package io.jcacheredis.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.Arrays;

/** Zstandard frames through zstd-jni, at level {@value #LEVEL}, Zstandard's own default. */
final class ZstdCompressor implements Compressor {

  static final int LEVEL = 3;

  ZstdCompressor() {
    Zstd.compressBound(1); // loads the native library now, so a missing one fails where the codec is chosen
  }

  @Override
  public byte[] compress(byte[] raw, int headerLength) {
    int bound = (int) Math.min(Integer.MAX_VALUE - headerLength, Zstd.compressBound(raw.length));
    byte[] out = new byte[headerLength + bound];
    long length = Zstd.compressByteArray(out, headerLength, bound, raw, 0, raw.length, LEVEL);
    if (Zstd.isError(length)) {
      throw new IllegalStateException("Zstandard cannot compress " + raw.length + " bytes: "
          + Zstd.getErrorName(length));
    }
    return length >= raw.length ? null : Arrays.copyOf(out, headerLength + (int) length);
  }

  @Override
  public void decompress(byte[] source, int offset, int length, byte[] target) {
    long written;
    try {
      written = Zstd.decompressByteArray(target, 0, target.length, source, offset, length);
    } catch (ZstdException e) {
      throw new IllegalArgumentException("corrupt Zstandard frame: " + e.getMessage(), e);
    }
    if (Zstd.isError(written)) {
      throw new IllegalArgumentException("corrupt Zstandard frame: " + Zstd.getErrorName(written));
    }
    if (written != target.length) {
      throw new IllegalArgumentException("the Zstandard frame holds " + written + " bytes, not the " + target.length
          + " its header announces");
    }
  }
}
