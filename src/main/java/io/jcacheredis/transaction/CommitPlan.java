package io.jcacheredis.transaction;

import io.jcacheredis.store.CompareAndSet;
import io.jcacheredis.store.Ttl;

/**
 * What committing one decided transaction takes: the CacheWriter call (made while planning, before anything
 * reaches Redis, as write-through requires) and then either nothing more or one compare-and-set.
 *
 * @param change the compare-and-set to send, or null when the outcome is known without one
 * @param writtenIfApplied whether a value is stored once the change applies (or, without a change, at all)
 */
record CommitPlan(CompareAndSet change, boolean writtenIfApplied) {

  private static final CommitPlan NOTHING_STORED = new CommitPlan(null, false);

  /** Whether a value was stored, or null when the compare-and-set found the entry changed (re-read and decide). */
  Boolean result(boolean applied) {
    return applied ? writtenIfApplied : null;
  }

  static <K, V> CommitPlan of(TransactionContext<K, V> context, EntryTransaction<K, V> tx, byte[] keyBytes) {
    byte[] expected = tx.originalBytes();
    switch (tx.change()) {
      case CREATE:
      case LOAD: {
        if (tx.change() == EntryTransaction.Change.CREATE && tx.writeThrough()) {
          context.writeThrough(tx.getKey(), tx.newValue());
        }
        Ttl ttl = context.creationTtl();
        byte[] value = context.encodeValue(tx.newValue()); // a value that cannot be stored fails even if expired
        if (ttl.isExpired()) {
          // Created already expired: nothing is stored, but the entry must still be absent for the decision to hold.
          return new CommitPlan(new CompareAndSet(keyBytes, null, null, ttl, false), false);
        }
        return new CommitPlan(new CompareAndSet(keyBytes, null, value, ttl, false), true);
      }
      case UPDATE: {
        if (tx.writeThrough()) {
          context.writeThrough(tx.getKey(), tx.newValue());
        }
        Ttl ttl = context.updateTtl();
        return new CommitPlan(new CompareAndSet(keyBytes, expected, context.encodeValue(tx.newValue()), ttl, false),
            true);
      }
      case REMOVE:
        if (tx.writeThrough()) {
          context.deleteThrough(tx.getKey());
        }
        if (expected == null) {
          return NOTHING_STORED;
        }
        return new CommitPlan(new CompareAndSet(keyBytes, expected, null, Ttl.EXPIRED, false), false);
      default:
        if (tx.accessed()) {
          Ttl ttl = context.accessTtl();
          if (ttl.kind() != Ttl.Kind.KEEP) {
            return new CommitPlan(new CompareAndSet(keyBytes, expected, expected, ttl, true), false);
          }
        }
        return NOTHING_STORED;
    }
  }
}
