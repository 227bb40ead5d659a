package io.jcacheredis.codec;

/**
 * The codecs of one cache, as {@link CodecChoices} made them.
 *
 * @param keys writes the cache's keys that are not Strings (Strings are stored as their text, see {@link KeyCodec})
 * @param values writes the cache's values, compressed as configured
 * @param names what the cache's stored configuration records of them
 */
public record CacheCodecs(ValueCodec keys, ValueCodec values, CodecNames names) {
}
