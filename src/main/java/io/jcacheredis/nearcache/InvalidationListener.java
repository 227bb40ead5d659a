package io.jcacheredis.nearcache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one invalidation listener of a manager's near caches: a thread that connects a {@link NodeTracker} to every
 * master, declares invalidation live once all are connected, and then every ping interval pings them and checks
 * that the masters are still the same. When a tracker is lost, a ping fails or the masters change, invalidation goes
 * dark at once (the {@link TrackingState} moves on, then every local map is emptied: nothing is served or kept
 * locally) and the thread connects again, backing off up to ten ping intervals. If Redis refuses tracking, the near
 * caches stay dark for good (they pass every call through) and one WARN says why.
 *
 * <p>Between those checks, each answered PING confirms the near caches for {@value #CONFIRMED_INTERVALS} ping
 * intervals from when it was sent ({@link TrackingState#confirmUntil(long)}, from the master confirmed least
 * recently): a connection that falls silent stops local serving that long after its last answered PING, although it
 * counts as lost only after three intervals of silence.
 */
final class InvalidationListener implements AutoCloseable, NodeTracker.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
  private static final int MAX_BACKOFF_INTERVALS = 10;
  /** How many ping intervals after it was sent an answered PING lets the near caches serve locally. */
  static final int CONFIRMED_INTERVALS = 2;

  private final TrackedNodes nodes;
  private final byte[] prefix;
  private final InvalidationRouter router;
  private final TrackingState tracking;
  private final long pingMillis;
  private final Thread thread;
  private volatile List<NodeTracker> current = List.of();
  private volatile boolean closed;
  private volatile String lostReason;

  InvalidationListener(TrackedNodes nodes, byte[] prefix, InvalidationRouter router, TrackingState tracking,
      long pingMillis) {
    this.nodes = nodes;
    this.prefix = prefix;
    this.router = router;
    this.tracking = tracking;
    this.pingMillis = pingMillis;
    this.thread = new Thread(this::run, "jcache-redis-near-cache");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long backoff = pingMillis;
    boolean wasLive = false;
    while (!closed) {
      List<NodeTracker> trackers = new ArrayList<>();
      lostReason = null;
      try {
        Object signature = nodes.signature();
        for (TrackedNodes.Master master : nodes.masters()) {
          trackers.add(NodeTracker.open(master, prefix, (int) Math.min(Integer.MAX_VALUE, 3 * pingMillis), this));
        }
        if (lostReason != null) {
          throw new IllegalStateException(lostReason);
        }
        current = List.copyOf(trackers);
        confirmed();
        tracking.goLive(nodes.ownWrites(trackers));
        LOG.info("Near cache: invalidation established on {}", nodesOf(trackers));
        wasLive = true;
        backoff = pingMillis;
        watch(trackers, signature);
      } catch (TrackingRefusedException e) {
        LOG.warn("Near cache off: Redis refused invalidation tracking ({}). Every cache of this manager reads Redis"
            + " directly. Allow CLIENT and SUBSCRIBE (ACL: +client|id +client|tracking +subscribe"
            + " &__redis__:invalidate), or leave {} and {} unset", e.getMessage(), NearCacheSettings.MAX_ENTRIES,
            NearCacheSettings.MAX_BYTES);
        closed = true; // the finally block empties the near caches and closes what was opened
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          String reason = lostReason != null ? lostReason : e.toString();
          if (wasLive) {
            LOG.warn("Near cache: invalidation lost ({}); the near caches are empty and read Redis until it is"
                + " re-established", reason);
          } else {
            LOG.debug("Near cache: invalidation not established yet: {}", reason);
          }
        }
        wasLive = false;
      } finally {
        current = List.of();
        goDark();
        closeAll(trackers);
      }
      pause(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_INTERVALS * pingMillis);
    }
  }

  /** Returns (by throwing) when invalidation is lost: a tracker's failure, a failed ping, other masters. */
  private void watch(List<NodeTracker> trackers, Object signature) {
    while (!closed) {
      if (lostReason == null) {
        pause(pingMillis);
      }
      if (lostReason != null || closed) {
        throw new IllegalStateException(lostReason == null ? "closed" : lostReason);
      }
      for (NodeTracker tracker : trackers) {
        tracker.ping();
      }
      if (!Objects.equals(signature, nodes.signature())) {
        throw new IllegalStateException("the masters changed (failover or topology change)");
      }
    }
  }

  private void pause(long millis) {
    if (!closed && lostReason == null) {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  private void goDark() {
    if (tracking.goDark()) {
      router.clearAll();
    }
  }

  private static List<String> nodesOf(List<NodeTracker> trackers) {
    List<String> names = new ArrayList<>();
    for (NodeTracker tracker : trackers) {
      names.add(tracker.node());
    }
    return names;
  }

  private static void closeAll(List<NodeTracker> trackers) {
    for (NodeTracker tracker : trackers) {
      try {
        tracker.close();
      } catch (RuntimeException e) {
        LOG.debug("Near cache: closing the invalidation connections of {}: {}", tracker.node(), e.toString());
      }
    }
  }

  @Override
  public void invalidated(byte[] key) {
    router.invalidate(key);
  }

  @Override
  public void flushed() {
    router.clearAll();
  }

  /** Confirms the near caches until a while after the PING that the least recently confirmed master answered. */
  @Override
  public void confirmed() {
    List<NodeTracker> trackers = current;
    if (trackers.isEmpty()) {
      return;
    }
    long oldest = trackers.get(0).confirmedSinceNanos();
    for (NodeTracker tracker : trackers) {
      long since = tracker.confirmedSinceNanos();
      if (since - oldest < 0) {
        oldest = since;
      }
    }
    tracking.confirmUntil(oldest + TimeUnit.MILLISECONDS.toNanos(CONFIRMED_INTERVALS * pingMillis));
  }

  /** Goes dark at once (before the watching thread notices), then wakes the watching thread to reconnect. */
  @Override
  public void lost(String node, RuntimeException cause) {
    lostReason = "the invalidation connection to " + node + " failed: " + cause;
    goDark();
    LockSupport.unpark(thread);
  }

  /** Stops the thread and closes the connections; the near caches stay dark. */
  @Override
  public void close() {
    closed = true;
    goDark();
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
