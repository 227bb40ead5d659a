package io.jcacheredis.codec;

/**
 * What a cache's stored configuration records of its codec, so that JVMs opening the cache with another codec are
 * refused: the codec's name ({@code kryo}, {@code json}, {@code java}, {@code string}, {@code bytes}, or a codec's
 * class name) and the compression it writes with ({@code none}, {@code lz4}, {@code zstd}).
 */
public record CodecNames(String codec, String compression) {

  /** What a configuration stored before codecs were recorded holds, unless the cache had a codec factory. */
  public static final CodecNames LEGACY = new CodecNames(CodecOptions.KRYO, Compression.NONE.settingName());

  /** The names of these options (for a class name, the class name itself). */
  public static CodecNames of(CodecOptions options) {
    return new CodecNames(options.codec(), options.compression().settingName());
  }

  /** Whether the codec is one of the built-in ones (else a class of the application). */
  public boolean builtIn() {
    return CodecOptions.isBuiltIn(codec);
  }
}
