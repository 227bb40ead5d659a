package io.jcacheredis.nearcache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Invalidation from one master, on two dedicated connections (RESP2, which every Redis 6+ and every proxy speaking
 * Redis understands): a subscriber of {@code __redis__:invalidate} that carries nothing else, read by a thread of its
 * own, and a tracking connection ({@link TrackingLink}) whose {@code CLIENT TRACKING ON REDIRECT <subscriber> BCAST
 * PREFIX <prefix>} makes Redis announce every change of a key under the manager's prefix, by anyone (but, with
 * {@link OwnWritesTracking}, the writes sent over that connection itself), to the subscriber. Both are checked
 * with PING ({@link #ping()}); the subscriber's read times out when nothing, not even a PONG, arrives for three ping
 * intervals. A PONG on the subscriber proves that the invalidations of every write acknowledged before that PING was
 * sent have arrived and been handled (Redis sends them before the write's reply, on this connection, which is read in
 * order): {@link #confirmedSinceNanos()} is when the newest answered PING was sent.
 */
final class NodeTracker implements AutoCloseable {

  private static final String CHANNEL = "__redis__:invalidate";
  private static final CommandObject<Long> CLIENT_ID = new CommandObject<>(
      new CommandArguments(Protocol.Command.CLIENT).add("ID"), BuilderFactory.LONG);

  /** What the reader hands on. */
  interface Listener {
    /** A key under the prefix changed (written, deleted, expired or evicted). */
    void invalidated(byte[] key);

    /** The whole database was flushed (FLUSHDB, FLUSHALL): every key changed. */
    void flushed();

    /** The subscriber failed or fell silent: invalidation from this master is lost. */
    void lost(String node, RuntimeException cause);

    /** A PING on the subscriber was answered: {@link #confirmedSinceNanos()} moved on. */
    void confirmed();
  }

  private final String node;
  private final Connection subscriber;
  private final TrackingLink tracker;
  private final Thread reader;
  /** When each PING sent on the subscriber and not answered yet was sent ({@link System#nanoTime()}), oldest first. */
  private final Queue<Long> pingsSent = new ConcurrentLinkedQueue<>();
  private volatile long confirmedSinceNanos;
  private volatile boolean closed;

  private NodeTracker(String node, Connection subscriber, TrackingLink tracker, Listener listener,
      long openedNanos) {
    this.node = node;
    this.subscriber = subscriber;
    this.tracker = tracker;
    this.confirmedSinceNanos = openedNanos;
    this.reader = new Thread(() -> read(listener), "jcache-redis-near-cache-invalidation " + node);
    this.reader.setDaemon(true);
  }

  /**
   * Opens both connections, subscribes, turns tracking on and starts reading. Nothing is left open when it fails.
   *
   * @throws TrackingRefusedException when Redis answers a command with an error that will not go away by retrying
   *     (an ACL without CLIENT or SUBSCRIBE, a proxy or service that does not offer tracking)
   */
  static NodeTracker open(TrackedNodes.Master master, byte[] prefix, int timeoutMillis, Listener listener) {
    long openedNanos = System.nanoTime();
    Connection subscriber = master.connections().get();
    TrackingLink tracker = null;
    try {
      subscriber.setSoTimeout(timeoutMillis);
      long subscriberId = refusable(() -> subscriber.executeCommand(CLIENT_ID), "CLIENT ID");
      subscriber.sendCommand(Protocol.Command.SUBSCRIBE, CHANNEL);
      refusable(subscriber::getObjectMultiBulkReply, "SUBSCRIBE " + CHANNEL);
      String node = subscriber.getHostAndPort().toString();
      CommandArguments tracking = new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("ON")
          .add("REDIRECT").add(subscriberId).add("BCAST").add("PREFIX").add(prefix);
      tracker = refusable(() -> master.tracking().open(tracking, e -> listener.lost(node, e)),
          "CLIENT TRACKING ON REDIRECT <id> BCAST PREFIX");
      NodeTracker opened = new NodeTracker(node, subscriber, tracker, listener, openedNanos);
      opened.reader.start();
      return opened;
    } catch (RuntimeException e) {
      subscriber.close();
      if (tracker != null) {
        tracker.close();
      }
      throw e;
    }
  }

  /** Runs a command whose error reply means that tracking is not available here (not a transient state). */
  private static <T> T refusable(Supplier<T> command, String what) {
    try {
      return command.get();
    } catch (JedisDataException e) {
      String message = String.valueOf(e.getMessage());
      String code = message.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      // The subscriber gone, or (a Sentinel failover meanwhile) the tracking connection reached another master than
      // the subscriber: both connect again.
      boolean subscriberNotThere = message.contains("redirect to does not exist");
      if (subscriberNotThere || List.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN").contains(code)) {
        throw e;
      }
      throw new TrackingRefusedException(what + " was answered: " + message, e);
    }
  }

  private void read(Listener listener) {
    try {
      while (!closed) {
        Object reply = subscriber.getUnflushedObject();
        if (reply instanceof List<?> parts && parts.size() == 3 && "message".equals(text(parts.get(0)))) {
          Object keys = parts.get(2);
          if (keys == null) {
            listener.flushed();
          } else if (keys instanceof List<?> list) {
            for (Object key : list) {
              listener.invalidated((byte[]) key);
            }
          } else {
            listener.invalidated((byte[]) keys);
          }
        } else if (reply instanceof List<?> parts && !parts.isEmpty() && "pong".equals(text(parts.get(0)))) {
          Long sent = pingsSent.poll();
          if (sent != null) {
            confirmedSinceNanos = sent;
            listener.confirmed();
          }
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        listener.lost(node, e);
      }
    }
  }

  private static String text(Object part) {
    return part instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : null;
  }

  /**
   * Checks both connections: a PING on the subscriber (its PONG arrives through the reader, which times out if it
   * does not) and a PING answered on the tracking connection.
   */
  void ping() {
    pingsSent.add(System.nanoTime());
    subscriber.sendCommand(Protocol.Command.PING);
    subscriber.getMany(0); // flushes the PING without reading: the reader thread reads its reply
    tracker.ping();
  }

  /** A client of the tracking connection for this JVM's writes ({@link TrackingLink#ownWrites()}), or null. */
  UnifiedJedis ownWrites() {
    return tracker.ownWrites();
  }

  String node() {
    return node;
  }

  /**
   * When the newest PING answered on the subscriber was sent (at first: when the connections began to open): the
   * invalidation of every write acknowledged before then has been handled.
   */
  long confirmedSinceNanos() {
    return confirmedSinceNanos;
  }

  @Override
  public void close() {
    closed = true;
    try {
      subscriber.close(); // ends the reader's blocking read
    } finally {
      tracker.close();
    }
  }
}
