package io.jcacheredis.codec;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Idle instances of something costly to create (a Kryo with its buffers) kept in a fixed array of slots. Taking and
 * returning one is a compare-and-set on a slot: no lock and, unlike a queue-backed pool, no node allocated per
 * return, so a cache call that borrows one allocates nothing for it. Each thread starts probing at a slot derived
 * from its id, so threads mostly find "their" instance where they left it. When every slot is taken a new instance
 * is created, and one returned to a full pool is dropped.
 */
final class SlotPool<T> {

  private final AtomicReferenceArray<T> slots;
  private final int mask;
  private final Supplier<T> factory;

  /** A pool of up to {@code capacity} idle instances (rounded up to a power of two). */
  SlotPool(int capacity, Supplier<T> factory) {
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    this.factory = factory;
  }

  /** An idle instance, or a new one when none is idle. */
  T obtain() {
    int start = home();
    for (int i = 0; i <= mask; i++) {
      int index = (start + i) & mask;
      T idle = slots.get(index);
      if (idle != null && slots.compareAndSet(index, idle, null)) {
        return idle;
      }
    }
    return factory.get();
  }

  /** Returns an instance obtained from this pool; it is dropped when every slot is full. */
  void release(T instance) {
    int start = home();
    for (int i = 0; i <= mask; i++) {
      int index = (start + i) & mask;
      if (slots.get(index) == null && slots.compareAndSet(index, null, instance)) {
        return;
      }
    }
  }

  private int home() {
    long id = Thread.currentThread().getId();
    return (int) (id ^ (id >>> 16)) & mask;
  }
}
