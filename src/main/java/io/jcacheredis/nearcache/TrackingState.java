package io.jcacheredis.nearcache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the invalidation of a manager's near caches is established now, and since when: one counter that grows by
 * one on every change, odd while invalidation is live, even while it is not (connecting, lost, refused). A read
 * remembers the counter when it starts; its value may be kept only if the counter is still the same odd number, so
 * nothing read before a loss of invalidation (or in an earlier live period) is ever installed.
 */
final class TrackingState {

  private final AtomicLong generation = new AtomicLong();

  /** The generation now (see {@link #isLive(long)}). */
  long generation() {
    return generation.get();
  }

  /** Whether a generation is one during which invalidation is live. */
  static boolean isLive(long generation) {
    return (generation & 1) == 1;
  }

  boolean isLive() {
    return isLive(generation.get());
  }

  /** Invalidation is established: local entries may be installed and served from now on. */
  void goLive() {
    generation.updateAndGet(g -> isLive(g) ? g : g + 1);
  }

  /**
   * Invalidation is lost: from now on nothing is served or installed locally. Returns whether it was live (the
   * caller then empties the local maps, after this call, so that no read of the live period installs afterwards).
   */
  boolean goDark() {
    long before = generation.getAndUpdate(g -> isLive(g) ? g + 1 : g);
    return isLive(before);
  }
}
