package io.jcacheredis.cache;

import io.jcacheredis.event.EventDispatcher;
import io.jcacheredis.transaction.EntryTransaction;

/** The listener events of a committed read-decide-write transaction. */
final class CommitEvents {

  private CommitEvents() {
  }

  /** Announces what the transaction changed; {@code written} says whether a value was stored. */
  static <K, V> void announce(EventDispatcher<K, V> events, EntryTransaction<K, V> tx, boolean written) {
    if (events.isEmpty()) {
      return;
    }
    switch (tx.change()) {
      case CREATE:
      case LOAD:
        if (written) {
          events.created(tx.getKey(), tx.newValue());
        }
        break;
      case UPDATE:
        events.updated(tx.getKey(), tx.newValue(), tx.peek());
        break;
      case REMOVE:
        if (tx.existedBefore()) {
          events.removed(tx.getKey(), tx.peek());
        }
        break;
      default:
        break;
    }
  }
}
