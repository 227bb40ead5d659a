package io.jcacheredis.codec;

import java.util.Arrays;
import javax.cache.CacheException;

/**
 * The stored form of values when compression is possible: bytes that start with {@value #MARKER_TEXT} are a frame,
 * anything else is the codec's bytes as they are. A frame is the marker, a kind byte, and then
 * <ul>
 *   <li>kind {@code 0x00}: the codec's bytes as they are (only for codec bytes that themselves start with 0xFF);</li>
 *   <li>kind {@code 'L'} (LZ4 block) or {@code 'Z'} (Zstandard frame): the uncompressed length as a 4-byte big-endian
 *       integer, then the compressed bytes.</li>
 * </ul>
 * No built-in codec writes a value that starts with 0xFF (Kryo starts with a small class id, decimal integers with a
 * digit or '-', the zero-prefixed strings with 0x00, JSON and UTF-8 text never contain 0xFF, Java serialization starts
 * with 0xAC), so entries stored before compression was switched on read as they are.
 *
 * <p>Reading never trusts the header: the announced length is checked against {@link #MAX_DECOMPRESSED} and, for
 * LZ4, against what the compressed bytes can possibly hold (255 bytes per byte) before anything is allocated, and the
 * bytes must decompress to exactly that length.
 */
final class CompressedFrame {

  static final byte MARKER = (byte) 0xFF;
  static final String MARKER_TEXT = "0xFF";
  static final byte STORED = 0;
  static final int HEADER = 6;

  /**
   * The largest value compressed, and so the largest a frame may announce: 64 MiB. Larger values are stored
   * uncompressed; a frame announcing more is refused before anything is allocated.
   */
  static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;

  /** LZ4's format cannot expand one compressed byte into more than 255 (a run length byte adds at most 255). */
  private static final int LZ4_MAX_RATIO = 255;

  private CompressedFrame() {
  }

  /** The bytes to store for codec bytes {@code raw}, compressed when {@code compression} makes them smaller. */
  static byte[] wrap(byte[] raw, Compression compression, int threshold) {
    if (compression != Compression.NONE && raw.length >= threshold && raw.length <= MAX_DECOMPRESSED) {
      byte[] frame = compression.compressor().compress(raw, HEADER);
      if (frame != null) {
        frame[0] = MARKER;
        frame[1] = compression.marker();
        frame[2] = (byte) (raw.length >>> 24);
        frame[3] = (byte) (raw.length >>> 16);
        frame[4] = (byte) (raw.length >>> 8);
        frame[5] = (byte) raw.length;
        return frame;
      }
    }
    if (raw.length > 0 && raw[0] == MARKER) {
      byte[] escaped = new byte[raw.length + 2];
      escaped[0] = MARKER;
      escaped[1] = STORED;
      System.arraycopy(raw, 0, escaped, 2, raw.length);
      return escaped;
    }
    return raw;
  }

  /** The codec bytes inside stored bytes: the bytes themselves unless they are a frame. */
  static byte[] unwrap(byte[] stored) {
    if (stored.length == 0 || stored[0] != MARKER) {
      return stored;
    }
    if (stored.length >= 2 && stored[1] == STORED) {
      return Arrays.copyOfRange(stored, 2, stored.length);
    }
    Compression kind = stored.length >= 2 ? Compression.ofMarker(stored[1]) : null;
    if (kind == null || stored.length < HEADER) {
      throw new CacheException("Cannot read a value stored in Redis (" + stored.length + " bytes): it starts with "
          + MARKER_TEXT + ", which marks a compressed value, but is no frame of a known kind (see docs/codecs.md)");
    }
    int length = ((stored[2] & 0xFF) << 24) | ((stored[3] & 0xFF) << 16) | ((stored[4] & 0xFF) << 8)
        | (stored[5] & 0xFF);
    int payload = stored.length - HEADER;
    if (length < 0 || length > MAX_DECOMPRESSED
        || (kind == Compression.LZ4 && (long) payload * LZ4_MAX_RATIO < length)) {
      throw new CacheException("Refused a compressed value stored in Redis (" + stored.length + " bytes, "
          + kind.settingName() + "): it announces " + Integer.toUnsignedString(length) + " bytes uncompressed, more"
          + " than " + (length < 0 || length > MAX_DECOMPRESSED ? "the maximum of " + MAX_DECOMPRESSED
          : "its compressed bytes can hold") + " (a decompression bomb, or corrupt)");
    }
    byte[] raw = new byte[length];
    try {
      kind.compressor().decompress(stored, HEADER, payload, raw);
    } catch (IllegalArgumentException e) {
      throw new CacheException("Cannot read a compressed value stored in Redis (" + stored.length + " bytes, "
          + kind.settingName() + "): " + e.getMessage(), e);
    }
    return raw;
  }
}
