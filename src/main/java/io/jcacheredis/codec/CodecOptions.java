package io.jcacheredis.codec;

import java.util.Locale;
import javax.cache.CacheException;

/**
 * Which value codec and compression a cache uses: the manager-wide settings, which a cache's {@code
 * RedisCacheConfiguration} may override (see docs/codecs.md).
 *
 * @param codec {@value #CODEC}: {@code kryo}, {@code json}, {@code java}, {@code string}, {@code bytes}, or the name
 *     of a {@link ValueCodec} class with a public no-argument constructor
 * @param compression {@value #COMPRESSION}
 * @param thresholdBytes {@value #COMPRESSION_THRESHOLD}
 */
public record CodecOptions(String codec, Compression compression, int thresholdBytes) {

  /**
   * The codec of a cache's values (default {@code kryo}): {@code kryo}, {@code json} (plain JSON through Jackson, for
   * caches with a value type), {@code java} (Java serialization), {@code string} (UTF-8 text, for String values),
   * {@code bytes} (byte[] values as they are), or the name of a {@link ValueCodec} class with a public no-argument
   * constructor, loaded with the manager's class loader.
   */
  public static final String CODEC = "jcache.redis.codec";
  /** Compression of large values: {@code none} (default), {@code lz4} or {@code zstd}. */
  public static final String COMPRESSION = "jcache.redis.compression";
  /** Values whose encoded form has at least this many bytes are compressed (default 1024, at least 64). */
  public static final String COMPRESSION_THRESHOLD = "jcache.redis.compression.threshold-bytes";

  /** Kryo, the default: any class, allow-listed on reading ({@link KryoCodec}). */
  public static final String KRYO = "kryo";
  /** Plain JSON through Jackson, for caches with a value type: no class names in the stored text. */
  public static final String JSON = "json";
  /** Java serialization, allow-listed on reading as Kryo is. */
  public static final String JAVA = "java";
  /** The UTF-8 bytes of String values. */
  public static final String STRING = "string";
  /** byte[] values as they are. */
  public static final String BYTES = "bytes";

  /** The default threshold. */
  public static final int DEFAULT_THRESHOLD = 1024;

  /** Kryo, uncompressed: what a manager uses when no setting names a codec. */
  public static CodecOptions defaults() {
    return new CodecOptions(KRYO, Compression.NONE, DEFAULT_THRESHOLD);
  }

  /**
   * Checks and normalises the three values as given in settings or code.
   *
   * @param codec a built-in name (any case) or a class name; null or blank for {@code kryo}
   * @param compression {@code none}, {@code lz4} or {@code zstd} (any case); null or blank for {@code none}
   * @param thresholdBytes null for the default; else at least {@value Compression#MIN_THRESHOLD}
   * @param where where the values were given, for the error messages (a setting name, a cache)
   */
  public static CodecOptions of(String codec, String compression, Long thresholdBytes, String where) {
    return defaults().with(codec, compression, thresholdBytes, where);
  }

  /** These options with those of the arguments that are given (not null or blank) replacing them, checked. */
  public CodecOptions with(String codecName, String compressionName, Long threshold, String where) {
    String chosenCodec = codecName == null || codecName.isBlank() ? codec : normalise(codecName.trim());
    Compression chosenCompression = compressionName == null || compressionName.isBlank() ? compression
        : Compression.named(compressionName, where);
    int chosenThreshold = thresholdBytes;
    if (threshold != null) {
      if (threshold < Compression.MIN_THRESHOLD || threshold > Integer.MAX_VALUE) {
        throw new CacheException(COMPRESSION_THRESHOLD + " (" + where + ") must be between "
            + Compression.MIN_THRESHOLD + " and " + Integer.MAX_VALUE + " bytes, but is " + threshold
            + ": smaller values do not shrink by compressing");
      }
      chosenThreshold = threshold.intValue();
    }
    return new CodecOptions(chosenCodec, chosenCompression, chosenThreshold);
  }

  /** Whether the codec is one of the built-in names (else it names a class). */
  public boolean builtIn() {
    return isBuiltIn(codec);
  }

  static boolean isBuiltIn(String name) {
    return name.equals(KRYO) || name.equals(JSON) || name.equals(JAVA) || name.equals(STRING) || name.equals(BYTES);
  }

  private static String normalise(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isBuiltIn(lower) ? lower : name;
  }
}
