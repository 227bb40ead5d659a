package io.jcacheredis;

import io.jcacheredis.codec.ValueCodec;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache {@link MutableConfiguration} with the Redis-specific options of one cache. Use it in place of
 * MutableConfiguration when creating a cache; every standard option works as there.
 *
 * <p>{@link #setIgnoreExceptions(Boolean) ignoreExceptions}: when Redis fails (down, timing out), reads of this cache
 * behave as misses, writes are dropped, entry processors run on an empty entry whose changes are dropped, and
 * nothing throws; the failures are logged if the manager says so ({@code jcache.redis.log-ignored-exceptions}).
 * {@code null} (the default) follows the manager-wide setting {@code jcache.redis.ignore-exceptions}.
 *
 * <p>{@link #setThrowOnUnreadableValues(Boolean) throwOnUnreadableValues}: a stored value that cannot be read
 * (corrupt, truncated, naming a class the cache may not read, or of another type than the cache's) makes get,
 * getAll, iteration and an entry processor's getValue throw a {@link javax.cache.CacheException} naming the cache,
 * the key and the reason, instead of being a miss logged as a WARN. Old values that writes return or report to
 * listeners stay misses, so a write never fails because of what it replaces. {@code null} (the default) follows the
 * manager-wide setting {@code jcache.redis.throw-on-unreadable-values}, false unless set.
 *
 * <p>{@link #setCodecFactory(Factory) codecFactory}: the {@link ValueCodec} that turns this cache's values (and
 * non-String keys) into bytes, instead of the default Kryo codec. Every JVM sharing the cache must configure the
 * same codec. The codec is then responsible for what it reads: the default codec's class allow list does not
 * apply, and the extension's {@code incr} works only if the codec stores {@link Long}s as decimal text (see {@link
 * io.jcacheredis.codec.DecimalLong}).
 *
 * <p>{@link #setCodec(String) codec}, {@link #setCompression(String) compression} and {@link
 * #setCompressionThresholdBytes(Integer) compressionThresholdBytes}: the built-in codec of this cache's values and
 * whether large values are compressed, as the manager-wide settings {@code jcache.redis.codec}, {@code
 * jcache.redis.compression} and {@code jcache.redis.compression.threshold-bytes} name them (see docs/codecs.md);
 * {@code null} (the default) follows those settings. A codec factory, when set, takes the place of the codec (setting
 * both is an error); compression applies to its values too. The codec is recorded in the cache's stored
 * configuration: a JVM opening the cache with another codec gets a {@link javax.cache.CacheException} naming both.
 *
 * <p>{@link #setNearCacheMaxEntries(Long) nearCacheMaxEntries}: keeps up to that many recently read entries in this
 * JVM's memory and serves reads from there, kept correct by Redis's invalidation ({@code docs/near-cache.md}); 0
 * turns it off; {@code null} (the default) follows the manager-wide {@code jcache.redis.near-cache.max-entries} (or
 * {@code max-bytes}).
 *
 * <p>{@link #setRemoteEvents(Boolean) remoteEvents}: this cache's listeners also hear the changes other JVMs make
 * and the entries that expire inside Redis (see {@code docs/events.md}). {@code null} (the default) follows the
 * manager-wide setting {@code jcache.redis.events.remote}, false unless set.
 */
public class RedisCacheConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private Boolean ignoreExceptions;
  private Boolean throwOnUnreadableValues;
  private Factory<? extends ValueCodec> codecFactory;
  private String codec;
  private String compression;
  private Integer compressionThresholdBytes;
  private Boolean remoteEvents;
  private Long nearCacheMaxEntries;

  /** A configuration with JCache's defaults, the default codec, and ignoreExceptions following the manager. */
  public RedisCacheConfiguration() {
  }

  /** Copies a configuration (and, when it is one, its Redis options). */
  public RedisCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof RedisCacheConfiguration) {
      this.ignoreExceptions = ((RedisCacheConfiguration<K, V>) configuration).ignoreExceptions;
      this.throwOnUnreadableValues = ((RedisCacheConfiguration<K, V>) configuration).throwOnUnreadableValues;
      this.codecFactory = ((RedisCacheConfiguration<K, V>) configuration).codecFactory;
      this.codec = ((RedisCacheConfiguration<K, V>) configuration).codec;
      this.compression = ((RedisCacheConfiguration<K, V>) configuration).compression;
      this.compressionThresholdBytes = ((RedisCacheConfiguration<K, V>) configuration).compressionThresholdBytes;
      this.remoteEvents = ((RedisCacheConfiguration<K, V>) configuration).remoteEvents;
      this.nearCacheMaxEntries = ((RedisCacheConfiguration<K, V>) configuration).nearCacheMaxEntries;
    }
  }

  /** Whether Redis failures are ignored for this cache; null follows the manager's setting. */
  public Boolean getIgnoreExceptions() {
    return ignoreExceptions;
  }

  /**
   * Whether this cache ignores Redis failures (true), lets them throw (false), or follows the manager's {@code
   * jcache.redis.ignore-exceptions} setting (null, the default).
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setIgnoreExceptions(Boolean ignoreExceptions) {
    this.ignoreExceptions = ignoreExceptions;
    return this;
  }

  /** Whether reads of this cache throw for a stored value they cannot read; null follows the manager's setting. */
  public Boolean getThrowOnUnreadableValues() {
    return throwOnUnreadableValues;
  }

  public RedisCacheConfiguration<K, V> setThrowOnUnreadableValues(Boolean throwOnUnreadableValues) {
    this.throwOnUnreadableValues = throwOnUnreadableValues;
    return this;
  }

  /** The factory of this cache's codec, or null for the default Kryo codec. */
  public Factory<? extends ValueCodec> getCodecFactory() {
    return codecFactory;
  }

  /**
   * The factory of the codec for this cache's values and non-String keys; null (the default) uses the Kryo codec.
   * Every JVM sharing the cache must configure the same codec.
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setCodecFactory(Factory<? extends ValueCodec> codecFactory) {
    this.codecFactory = codecFactory;
    return this;
  }

  /** The codec of this cache's values, or null to follow the manager's {@code jcache.redis.codec} setting. */
  public String getCodec() {
    return codec;
  }

  /**
   * The codec of this cache's values: {@code kryo}, {@code json} (plain JSON, for a cache with a value type), {@code
   * java} (Java serialization), {@code string} (UTF-8 text, for String values), {@code bytes} (byte[] values as they
   * are), or the name of a {@link ValueCodec} class with a public no-argument constructor; null (the default) follows
   * the manager's {@code jcache.redis.codec} setting. Checked when the cache is created.
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setCodec(String codec) {
    this.codec = codec;
    return this;
  }

  /** The compression of this cache's large values, or null to follow the manager's setting. */
  public String getCompression() {
    return compression;
  }

  /**
   * How this cache's values of at least the threshold are compressed: {@code none}, {@code lz4} or {@code zstd};
   * null (the default) follows the manager's {@code jcache.redis.compression} setting. Values stored with any
   * compression (or none) are read whatever this says, so it can change without a flush.
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setCompression(String compression) {
    this.compression = compression;
    return this;
  }

  /** The size from which this cache's values are compressed, or null to follow the manager's setting. */
  public Integer getCompressionThresholdBytes() {
    return compressionThresholdBytes;
  }

  /**
   * Encoded values of at least this many bytes are compressed (at least 64); null (the default) follows the
   * manager's {@code jcache.redis.compression.threshold-bytes} setting (default 1024).
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setCompressionThresholdBytes(Integer compressionThresholdBytes) {
    this.compressionThresholdBytes = compressionThresholdBytes;
    return this;
  }

  /** The most entries this cache keeps in the JVM's memory (0: no near cache); null follows the manager's setting. */
  public Long getNearCacheMaxEntries() {
    return nearCacheMaxEntries;
  }

  /**
   * The near cache of this cache: the most entries it keeps in this JVM's memory, served from there and kept correct
   * by Redis's invalidation (see {@code docs/near-cache.md}); 0 turns it off for this cache; null (the default)
   * follows the manager's {@code jcache.redis.near-cache.max-entries} setting, off unless set.
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setNearCacheMaxEntries(Long nearCacheMaxEntries) {
    this.nearCacheMaxEntries = nearCacheMaxEntries;
    return this;
  }

  /** Whether this cache's listeners hear other JVMs' changes and Redis's expiries; null follows the manager. */
  public Boolean getRemoteEvents() {
    return remoteEvents;
  }

  /**
   * Whether this cache's listeners also hear the changes other JVMs make and the entries that expire inside Redis
   * (true), only this JVM's changes (false), or follow the manager's {@code jcache.redis.events.remote} setting
   * (null, the default).
   *
   * @return this configuration, for chaining
   */
  public RedisCacheConfiguration<K, V> setRemoteEvents(Boolean remoteEvents) {
    this.remoteEvents = remoteEvents;
    return this;
  }

  @Override
  public boolean equals(Object other) {
    if (!super.equals(other) || !(other instanceof RedisCacheConfiguration)) {
      return false;
    }
    RedisCacheConfiguration<?, ?> that = (RedisCacheConfiguration<?, ?>) other;
    return Objects.equals(ignoreExceptions, that.ignoreExceptions)
        && Objects.equals(throwOnUnreadableValues, that.throwOnUnreadableValues)
        && Objects.equals(codecFactory, that.codecFactory) && Objects.equals(codec, that.codec)
        && Objects.equals(compression, that.compression)
        && Objects.equals(compressionThresholdBytes, that.compressionThresholdBytes)
        && Objects.equals(nearCacheMaxEntries, that.nearCacheMaxEntries)
        && Objects.equals(remoteEvents, that.remoteEvents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), ignoreExceptions, throwOnUnreadableValues, codecFactory, codec, compression,
        compressionThresholdBytes, nearCacheMaxEntries, remoteEvents);
  }
}
