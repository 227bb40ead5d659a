package io.jcacheredis.processor;

import io.jcacheredis.cache.CacheContext;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.Ttl;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs a read-decide-write step atomically: read the entry (GET), let the caller decide in this JVM, then commit
 * with a compare-and-set script that applies the change only if the entry still holds what was read; if another
 * client changed it meanwhile, read and decide again. Two round trips, no lock in Redis. Within this JVM a striped
 * lock per key keeps concurrent callers from racing each other (and re-running their processors).
 */
public final class TransactionRunner {

  private TransactionRunner() {
  }

  /** The caller's result together with the committed transaction (for statistics). */
  public record Outcome<K, V, R>(R result, EntryTransaction<K, V> transaction, boolean written) {
  }

  public static <K, V, R> Outcome<K, V, R> run(CacheContext<K, V> context, K key, byte[] keyBytes,
      Function<EntryTransaction<K, V>, R> decision) {
    ReentrantLock lock = context.lockFor(keyBytes);
    lock.lock();
    try {
      while (true) {
        EntryTransaction<K, V> transaction = new EntryTransaction<>(context, key, context.store().get(keyBytes));
        R result = decision.apply(transaction);
        Boolean written = commit(context, transaction, keyBytes);
        if (written != null) {
          dispatch(context, transaction, written);
          return new Outcome<>(result, transaction, written);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Applies the change; returns whether a value was stored, or null when the entry changed and must be re-read. */
  private static <K, V> Boolean commit(CacheContext<K, V> context, EntryTransaction<K, V> tx, byte[] keyBytes) {
    EntryStore store = context.store();
    byte[] expected = tx.originalBytes();
    switch (tx.change()) {
      case CREATE:
      case LOAD: {
        if (tx.change() == EntryTransaction.Change.CREATE && tx.writeThrough()) {
          context.loaderWriter().write(tx.getKey(), tx.newValue());
        }
        Ttl ttl = context.expiry().creation();
        byte[] value = context.encodeValue(tx.newValue());
        if (ttl.isExpired()) {
          // Created already expired: nothing is stored, but the entry must still be absent for the decision to hold.
          return store.compareAndSet(keyBytes, null, null, ttl, false) ? Boolean.FALSE : null;
        }
        return store.compareAndSet(keyBytes, null, value, ttl, false) ? Boolean.TRUE : null;
      }
      case UPDATE: {
        if (tx.writeThrough()) {
          context.loaderWriter().write(tx.getKey(), tx.newValue());
        }
        Ttl ttl = context.expiry().update();
        byte[] value = context.encodeValue(tx.newValue());
        return store.compareAndSet(keyBytes, expected, value, ttl, false) ? Boolean.TRUE : null;
      }
      case REMOVE:
        if (tx.writeThrough()) {
          context.loaderWriter().delete(tx.getKey());
        }
        if (expected == null) {
          return Boolean.FALSE;
        }
        return store.compareAndSet(keyBytes, expected, null, Ttl.EXPIRED, false) ? Boolean.FALSE : null;
      default:
        if (tx.accessed()) {
          Ttl ttl = context.expiry().access();
          if (ttl.kind() != Ttl.Kind.KEEP) {
            return store.compareAndSet(keyBytes, expected, expected, ttl, true) ? Boolean.FALSE : null;
          }
        }
        return Boolean.FALSE;
    }
  }

  private static <K, V> void dispatch(CacheContext<K, V> context, EntryTransaction<K, V> tx, boolean written) {
    if (context.events().isEmpty()) {
      return;
    }
    switch (tx.change()) {
      case CREATE:
      case LOAD:
        if (written) {
          context.events().created(tx.getKey(), tx.newValue());
        }
        break;
      case UPDATE:
        context.events().updated(tx.getKey(), tx.newValue(), tx.peek());
        break;
      case REMOVE:
        if (tx.existedBefore()) {
          context.events().removed(tx.getKey(), tx.peek());
        }
        break;
      default:
        break;
    }
  }
}
