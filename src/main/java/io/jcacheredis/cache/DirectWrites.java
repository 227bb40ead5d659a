package io.jcacheredis.cache;

import io.jcacheredis.codec.ExactEncoding;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;

/**
 * The direct path (a standard expiry policy and no CacheWriter): each write is one Redis command or script, with
 * creation vs update decided inside Redis. A comparing write Redis cannot decide by bytes goes to the {@link
 * TransactionalWrites} it is given.
 */
final class DirectWrites<K, V> implements WritePath<K, V> {

  /**
   * What replace(k, old, new) and remove(k, old) get from Redis when the entry holds other bytes than {@code old}'s:
   * for values whose bytes may differ while {@code equals()} holds (see {@link ExactEncoding}) the read-decide-write
   * path then compares with {@code equals()}, as the spec requires.
   */
  private static final int DIFFERENT_BYTES = 0;

  private final CacheContext<K, V> context;
  private final EntryStore store;
  private final ExpiryAdapter expiry;
  private final CacheStatistics statistics;
  private final TransactionalWrites<K, V> comparingInJvm;

  DirectWrites(CacheContext<K, V> context, TransactionalWrites<K, V> comparingInJvm) {
    this.context = context;
    this.store = context.store();
    this.expiry = context.expiry();
    this.statistics = context.statistics();
    this.comparingInJvm = comparingInJvm;
  }

  @Override
  public void put(K key, byte[] keyBytes, V value) {
    WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
        expiry.update(), context.events().wantsOldValues());
    context.recordWrite(key, value, result, Condition.ALWAYS);
  }

  @Override
  public V getAndPut(K key, byte[] keyBytes, V value) {
    WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.ALWAYS, expiry.creation(),
        expiry.update(), true);
    V old = context.decodeValue(key, result.previous());
    statistics.hitOrMiss(result.existed());
    context.recordWrite(key, value, result, Condition.ALWAYS);
    return old;
  }

  @Override
  public boolean putIfAbsent(K key, byte[] keyBytes, V value) {
    WriteResult result = store.put(keyBytes, context.encodeValue(value), Condition.IF_ABSENT, expiry.creation(),
        expiry.update(), false);
    statistics.hitOrMiss(result.existed());
    context.recordWrite(key, value, result, Condition.IF_ABSENT);
    return !result.existed();
  }

  @Override
  @SuppressWarnings("unchecked")
  public V replace(K key, byte[] keyBytes, V value, boolean wantOld) {
    boolean needOld = wantOld || context.events().wantsOldValues();
    WriteResult write = store.put(keyBytes, context.encodeValue(value), Condition.IF_PRESENT, expiry.creation(),
        expiry.update(), needOld);
    statistics.hitOrMiss(write.existed());
    context.recordWrite(key, value, write, Condition.IF_PRESENT);
    return !write.existed() ? null : wantOld ? context.decodeValue(key, write.previous()) : (V) Boolean.TRUE;
  }

  @Override
  public boolean replace(K key, byte[] keyBytes, V oldValue, V newValue) {
    if (expiry.access().kind() != Ttl.Kind.KEEP) {
      return comparingInJvm.replace(key, keyBytes, oldValue, newValue);
    }
    byte[] expected = context.encodeValue(oldValue);
    int compared = store.replaceIfEquals(keyBytes, expected, context.encodeValue(newValue), expiry.update());
    if (compared == DIFFERENT_BYTES && !ExactEncoding.comparesByBytes(oldValue, expected)) {
      return comparingInJvm.replace(key, keyBytes, oldValue, newValue);
    }
    statistics.hitOrMiss(compared >= 0);
    boolean replaced = compared == 1;
    if (replaced) {
      statistics.puts(1);
      context.events().updated(key, newValue, oldValue);
    }
    return replaced;
  }

  @Override
  public boolean remove(K key, byte[] keyBytes, V oldValue) {
    if (expiry.access().kind() != Ttl.Kind.KEEP) {
      return comparingInJvm.remove(key, keyBytes, oldValue);
    }
    byte[] expected = context.encodeValue(oldValue);
    int compared = store.removeIfEquals(keyBytes, expected);
    if (compared == DIFFERENT_BYTES && !ExactEncoding.comparesByBytes(oldValue, expected)) {
      return comparingInJvm.remove(key, keyBytes, oldValue);
    }
    statistics.hitOrMiss(compared >= 0);
    boolean removed = compared == 1;
    if (removed) {
      context.events().removed(key, oldValue);
    }
    return removed;
  }

  /** INCRBY in Redis, unless the update TTL expires the entry at once (then as an entry processor). */
  @Override
  public long increment(K key, byte[] keyBytes, long delta) {
    Ttl update = expiry.update();
    if (update.isExpired()) {
      return comparingInJvm.increment(key, keyBytes, delta);
    }
    Long sum;
    try {
      sum = store.increment(keyBytes, delta, update);
    } catch (ArithmeticException e) {
      throw context.notALong(key, delta, e);
    }
    return context.recordIncrement(key, delta, sum);
  }

}
