package io.jcacheredis.store;

/**
 * Turns the bytes of a stored value into what a caller reads ({@link EntryStore#read}). Every reader given to one
 * store reads the same bytes as the same value (the cache's codec and value type).
 *
 * @param <K> the key a caller asked for, which the reader names when the bytes cannot be read
 * @param <T> what the bytes are read as
 */
public interface ValueReader<K, T> {

  /**
   * The value the bytes hold; null for null bytes (absent), or for bytes that cannot be read (a miss).
   *
   * @param key the key the caller asked for (for messages)
   */
  T read(K key, byte[] bytes);

  /**
   * Whether {@code value} may be handed to more than one caller: it is immutable (a String, a boxed number, ...), so
   * no caller can change what another reads, and a store that keeps values locally may hand the same instance out
   * again instead of reading its bytes again.
   */
  boolean shared(T value);
}
