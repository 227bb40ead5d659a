package io.jcacheredis.codec;

import java.util.Locale;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * How values at or above a cache's threshold are compressed ({@value CodecOptions#COMPRESSION}). Whatever a JVM
 * writes with, it reads every kind: the stored bytes say which one they are ({@link CompressedFrame}), so a cache can
 * switch compression on or off without a flush.
 */
public enum Compression {
  /** Values are stored as the codec writes them. */
  NONE("none", (byte) 0, null, null),
  /** LZ4 blocks (lz4-java, {@code at.yawk.lz4:lz4-java}): fast, a moderate ratio. */
  LZ4("lz4", (byte) 'L', () -> new Lz4Compressor(), "at.yawk.lz4:lz4-java"),
  /** Zstandard frames (zstd-jni, {@code com.github.luben:zstd-jni}), level 3: a better ratio, slower. */
  ZSTD("zstd", (byte) 'Z', () -> new ZstdCompressor(), "com.github.luben:zstd-jni");

  /**
   * The smallest threshold a cache may set: smaller values rarely shrink, and values below it are never compressed
   * by any JVM, so their bytes are the same whatever each JVM's compression (see {@link ExactEncoding}).
   */
  public static final int MIN_THRESHOLD = 64;

  private final String settingName;
  private final byte marker;
  private final Supplier<Compressor> library;
  private final String artifact;
  private volatile Compressor compressor;

  Compression(String settingName, byte marker, Supplier<Compressor> library, String artifact) {
    this.settingName = settingName;
    this.marker = marker;
    this.library = library;
    this.artifact = artifact;
  }

  /** The name the setting uses: {@code none}, {@code lz4}, {@code zstd}. */
  public String settingName() {
    return settingName;
  }

  /** The compression a setting names (any case); a CacheException naming the choices for anything else. */
  public static Compression named(String name, String where) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Compression compression : values()) {
      if (compression.settingName.equals(wanted)) {
        return compression;
      }
    }
    throw new CacheException(CodecOptions.COMPRESSION + " (" + where + ") must be none, lz4 or zstd, but is '"
        + name + "'");
  }

  /** The kind a frame's marker byte names, or null. */
  static Compression ofMarker(byte marker) {
    for (Compression compression : values()) {
      if (compression != NONE && compression.marker == marker) {
        return compression;
      }
    }
    return null;
  }

  byte marker() {
    return marker;
  }

  /**
   * The library's compressor, loaded on first use: a CacheException naming the missing artifact (an optional
   * dependency of jcache-redis) when it is not on the class path.
   */
  Compressor compressor() {
    Compressor loaded = compressor;
    if (loaded == null) {
      try {
        loaded = library.get();
      } catch (LinkageError e) {
        throw new CacheException("Compression " + settingName + " needs " + artifact + " on the class path (an"
            + " optional dependency of jcache-redis; see docs/codecs.md): " + e, e);
      }
      compressor = loaded;
    }
    return loaded;
  }
}
