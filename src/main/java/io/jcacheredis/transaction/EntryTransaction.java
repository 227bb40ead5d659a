package io.jcacheredis.transaction;

import java.util.Objects;
import javax.cache.processor.MutableEntry;

/**
 * One read-decide-write step on a single entry: the state read from Redis, and the change the caller (an entry
 * processor or a cache operation on the generic path) decided. Nothing reaches Redis until {@link
 * TransactionRunner} commits it, so a processor that throws changes nothing.
 */
public final class EntryTransaction<K, V> implements MutableEntry<K, V> {

  /** The change to commit. */
  public enum Change {
    NONE, CREATE, LOAD, UPDATE, REMOVE
  }

  private final TransactionContext<K, V> context;
  private final K key;
  private final byte[] originalBytes;
  private V original;
  private boolean decoded;
  private Change change = Change.NONE;
  private V newValue;
  private boolean accessed;
  private boolean writeThrough = true;

  EntryTransaction(TransactionContext<K, V> context, K key, byte[] originalBytes) {
    this.context = context;
    this.key = key;
    this.originalBytes = originalBytes;
  }

  @Override
  public K getKey() {
    return key;
  }

  /** The entry existed when read. */
  public boolean existedBefore() {
    return originalBytes != null;
  }

  /** The value read from Redis, without the side effects of {@link #getValue()} (no load, no access expiry). */
  public V peek() {
    if (!decoded) {
      original = context.decodeValue(key, originalBytes);
      decoded = true;
    }
    return original;
  }

  byte[] originalBytes() {
    return originalBytes;
  }

  @Override
  public boolean exists() {
    switch (change) {
      case CREATE:
      case LOAD:
      case UPDATE:
        return true;
      case REMOVE:
        return false;
      default:
        return existedBefore();
    }
  }

  /** Reads the value as a processor does: counts as an access, and loads through a read-through loader on a miss. */
  @Override
  public V getValue() {
    switch (change) {
      case CREATE:
      case LOAD:
      case UPDATE:
        return newValue;
      case REMOVE:
        return null;
      default:
        break;
    }
    if (existedBefore()) {
      accessed = true;
      if (!decoded) { // read as get() reads: a cache set to throw on unreadable values throws here
        original = context.readValue(key, originalBytes);
        decoded = true;
      }
      return original;
    }
    V loaded = context.readThrough(key);
    if (loaded != null) {
      context.checkValueType(loaded);
      change = Change.LOAD;
      newValue = loaded;
    }
    return loaded;
  }

  @Override
  public void setValue(V value) {
    Objects.requireNonNull(value, "an entry processor cannot set a null value; call remove() instead");
    context.checkValueType(value);
    change = existedBefore() ? Change.UPDATE : Change.CREATE;
    newValue = value;
  }

  @Override
  public void remove() {
    change = change == Change.CREATE || change == Change.LOAD ? Change.NONE : Change.REMOVE;
    newValue = null;
  }

  public Change change() {
    return change;
  }

  /** The value set by the change (CREATE, LOAD, UPDATE). */
  public V newValue() {
    return newValue;
  }

  boolean accessed() {
    return accessed;
  }

  /** Commit without calling the CacheWriter: for values that came from the loader or were already written. */
  public void skipWriter() {
    writeThrough = false;
  }

  boolean writeThrough() {
    return writeThrough;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz.getName());
  }
}
