package io.jcacheredis.nearcache;

import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;

/**
 * Whether the invalidation of a manager's near caches is established now, and since when: one counter that grows by
 * one on every change, odd while invalidation is live, even while it is not (connecting, lost, refused). A read
 * remembers the counter when it starts; its value may be kept only if the counter is still the same odd number, so
 * nothing read before a loss of invalidation (or in an earlier live period) is ever installed.
 *
 * <p>Apart from that, how recently every invalidation connection proved that nothing is held up on it: local values
 * are {@linkplain #serves() served} only until a deadline that each answered PING moves on ({@link
 * #confirmUntil(long)}), so a connection that falls silent stops local serving at that deadline, long before it counts
 * as lost.
 *
 * <p>And the client of the tracking connections during the live generation ({@link #ownWrites()}): writes sent over
 * it are not announced back, so what they stored may be kept locally.
 */
final class TrackingState {

  /**
   * The client of the tracking connection of a live generation.
   *
   * @param client writes sent with it are not announced back to this JVM (NOLOOP)
   * @param generation the live generation during which that holds
   */
  record OwnWrites(UnifiedJedis client, long generation) {
  }

  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong confirmedUntilNanos = new AtomicLong(System.nanoTime());
  private volatile OwnWrites ownWrites;

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

  /**
   * Whether local values may be served at {@code nowNanos} ({@link System#nanoTime()}): invalidation is live and
   * confirmed until a deadline not yet passed.
   */
  boolean serves(long nowNanos) {
    return isLive() && nowNanos - confirmedUntilNanos.get() < 0;
  }

  /**
   * Local values may be served until {@code deadlineNanos} ({@link System#nanoTime()}), or until a later deadline
   * already given: every invalidation connection has answered a check recent enough.
   */
  void confirmUntil(long deadlineNanos) {
    confirmedUntilNanos.accumulateAndGet(deadlineNanos, (now, given) -> given - now > 0 ? given : now);
  }

  /**
   * Invalidation is established: local entries may be installed and served from now on.
   *
   * @param writes the client of the tracking connections (on a cluster: of the master owning each key), whose
   *     writes are not announced back
   */
  void goLive(UnifiedJedis writes) {
    long live = generation.updateAndGet(g -> isLive(g) ? g : g + 1);
    ownWrites = writes == null ? null : new OwnWrites(writes, live);
  }

  /** The client whose writes are not announced back, during the generation now; null while dark. */
  OwnWrites ownWrites() {
    OwnWrites writes = ownWrites;
    return writes != null && writes.generation() == generation.get() ? writes : null;
  }

  /**
   * Invalidation is lost: from now on nothing is served or installed locally. Returns whether it was live (the
   * caller then empties the local maps, after this call, so that no read of the live period installs afterwards).
   */
  boolean goDark() {
    ownWrites = null;
    long before = generation.getAndUpdate(g -> isLive(g) ? g + 1 : g);
    return isLive(before);
  }
}
