package io.jcacheredis.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** The stored form of compressed values: self-describing, never confused with codec bytes, bounded on reading. */
class CompressedFrameTest {

  private static byte[] repetitive(int size) {
    byte[] text = new byte[size];
    byte[] pattern = "<div class=\"row\">cached fragment</div>\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      text[i] = pattern[i % pattern.length];
    }
    return text;
  }

  @Test
  void valuesFromTheThresholdOnAreCompressedSmallerOnesAreLeftAsTheyAre() {
    for (Compression compression : List.of(Compression.LZ4, Compression.ZSTD)) {
      byte[] large = repetitive(4096);
      byte[] stored = CompressedFrame.wrap(large, compression, 1024);
      assertEquals(CompressedFrame.MARKER, stored[0]);
      assertEquals(compression.marker(), stored[1]);
      assertTrue(stored.length < large.length / 4, compression + ": " + stored.length);
      assertArrayEquals(large, CompressedFrame.unwrap(stored));

      byte[] small = repetitive(1023);
      assertSame(small, CompressedFrame.wrap(small, compression, 1024), "below the threshold: untouched");
    }
  }

  @Test
  void theMostCompressibleValuesStayWithinTheRatioLz4IsCheckedAgainst() {
    byte[] zeros = new byte[1 << 20];
    byte[] stored = CompressedFrame.wrap(zeros, Compression.LZ4, 64);
    assertTrue(stored.length < 5000, stored.length + " bytes");
    assertArrayEquals(zeros, CompressedFrame.unwrap(stored));
  }

  @Test
  void everyJvmReadsEveryKindWhateverItWritesWith() {
    byte[] value = repetitive(5000);
    byte[] lz4 = CompressedFrame.wrap(value, Compression.LZ4, 64);
    byte[] zstd = CompressedFrame.wrap(value, Compression.ZSTD, 64);
    ValueCodec plain = new CompressingCodec(new RawBytesCodec(), Compression.NONE, 1024);
    assertArrayEquals(value, (byte[]) plain.decode(lz4));
    assertArrayEquals(value, (byte[]) plain.decode(zstd));
    assertArrayEquals(value, (byte[]) plain.decode(value), "uncompressed bytes read as they are");
  }

  @Test
  void incompressibleValuesAreStoredAsTheyAre() {
    byte[] random = new byte[2048];
    new java.util.Random(7).nextBytes(random);
    random[0] = 1;
    assertSame(random, CompressedFrame.wrap(random, Compression.LZ4, 64));
  }

  @Test
  void codecBytesStartingWithTheMarkerAreEscapedSoTheyAreNeverTakenForAFrame() {
    byte[] raw = {(byte) 0xFF, 'L', 0, 0, 0, 5, 1, 2};
    byte[] stored = CompressedFrame.wrap(raw, Compression.NONE, 1024);
    assertArrayEquals(new byte[] {(byte) 0xFF, 0, (byte) 0xFF, 'L', 0, 0, 0, 5, 1, 2}, stored);
    assertArrayEquals(raw, CompressedFrame.unwrap(stored));
  }

  @Test
  void theBytesOfKryoDecimalNumbersAndTextNeverStartWithTheMarker() {
    KryoCodec kryo = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of("*")));
    for (Object value : List.<Object>of(42L, -7L, "text", 3, List.of(1, 2), new int[] {1}, Arrays.asList("a", null),
        java.util.Map.of("k", 1.5), new java.util.Date(0))) {
      byte[] bytes = kryo.encode(value);
      assertTrue(bytes[0] != CompressedFrame.MARKER, value + " starts with " + bytes[0]);
    }
  }

  @Test
  void framesAnnouncingMoreThanTheMaximumOrThanLz4CanHoldAreRefusedBeforeAllocating() {
    byte[] huge = {(byte) 0xFF, 'Z', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
    CacheException tooLarge = assertThrows(CacheException.class, () -> CompressedFrame.unwrap(huge));
    assertTrue(tooLarge.getMessage().contains("decompression bomb") && tooLarge.getMessage().contains("maximum"),
        tooLarge.getMessage());

    byte[] lz4 = {(byte) 0xFF, 'L', 0, 0x10, 0, 0, 1, 2, 3, 4}; // 1 MiB announced, 4 bytes of block
    CacheException ratio = assertThrows(CacheException.class, () -> CompressedFrame.unwrap(lz4));
    assertTrue(ratio.getMessage().contains("its compressed bytes can hold"), ratio.getMessage());

    byte[] negative = {(byte) 0xFF, 'L', (byte) 0x80, 0, 0, 0, 1};
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(negative));
  }

  @Test
  void corruptTruncatedOrUnknownFramesAreCacheExceptions() {
    byte[] good = CompressedFrame.wrap(repetitive(3000), Compression.ZSTD, 64);
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(Arrays.copyOf(good, good.length - 5)));
    byte[] lz4 = CompressedFrame.wrap(repetitive(3000), Compression.LZ4, 64);
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(Arrays.copyOf(lz4, lz4.length - 5)));
    byte[] lying = lz4.clone();
    lying[5]++; // announces one byte more than the block holds
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(lying));
    CacheException unknown = assertThrows(CacheException.class,
        () -> CompressedFrame.unwrap(new byte[] {(byte) 0xFF, 'Q', 0, 0, 0, 1, 1}));
    assertTrue(unknown.getMessage().contains("no frame of a known kind"), unknown.getMessage());
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(new byte[] {(byte) 0xFF}));
  }

  @Test
  void aRealZstandardBombIsRefusedByItsAnnouncedLength() {
    byte[] zeros = new byte[CompressedFrame.MAX_DECOMPRESSED];
    byte[] frame = Compression.ZSTD.compressor().compress(zeros, CompressedFrame.HEADER);
    frame[0] = CompressedFrame.MARKER;
    frame[1] = 'Z';
    int announced = CompressedFrame.MAX_DECOMPRESSED + 1; // one byte more than any JVM compresses
    frame[2] = (byte) (announced >>> 24);
    frame[3] = (byte) (announced >>> 16);
    frame[4] = (byte) (announced >>> 8);
    frame[5] = (byte) announced;
    assertTrue(frame.length < 10_000, "64 MiB of zeros compress to " + frame.length + " bytes");
    assertThrows(CacheException.class, () -> CompressedFrame.unwrap(frame));
  }
}
