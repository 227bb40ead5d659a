package io.jcacheredis.store.events;

import io.jcacheredis.client.DedicatedConnections.Connector;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Pub/Sub connection to one node, on a thread of its own, subscribed to the channels asked for. A subscribed
 * connection reads without a timeout (Jedis), so {@link #ping} (called regularly) sends a PING and closes the
 * connection when nothing (no message, no answer to the last PINGs) arrived for longer than the silence limit: a
 * dead or frozen connection fails. Then the subscriber logs a WARN that messages published meanwhile are lost, and
 * connects again with backoff (0.1 s doubling to 5 s), subscribing again to every channel.
 */
final class Subscriber {

  /** Receives what the subscription brings, on the subscriber's thread. */
  interface Handler {
    void message(String channel, byte[] message);

    /**
     * A connection's first subscription is confirmed: what was published before (while connecting, or while a
     * failed connection was down) was not heard.
     *
     * @param resumed whether an earlier connection had failed
     */
    default void subscribed(boolean resumed) {
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Connector connector;
  private final Handler handler;
  private final long silenceLimitNanos;
  private volatile long lastHeard = System.nanoTime();
  private String closedBecause;
  private final Object lock = new Object();
  /** The channels wanted; those sent on the current connection; those it confirmed. Guarded by lock. */
  private final Set<String> channels = new LinkedHashSet<>();
  private final Set<String> sent = new HashSet<>();
  private final Set<String> confirmed = new HashSet<>();
  private PubSub current;
  private Connection connection;
  private boolean down;
  private long backoff = FIRST_BACKOFF_MILLIS;
  private volatile boolean closed;
  private final Thread thread;

  /**
   * @param silenceLimitMillis how long a connection may stay silent (PINGs unanswered) before it is taken for dead
   */
  Subscriber(Connector connector, Handler handler, Collection<String> initial, long silenceLimitMillis) {
    this.connector = connector;
    this.handler = handler;
    this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(silenceLimitMillis);
    this.channels.addAll(initial);
    this.thread = new Thread(this::run, "jcache-redis-events " + connector.node());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Subscribes to a channel and waits up to {@code waitMillis} for the server to confirm it.
   *
   * @return whether it was confirmed in time (if not, it will be once connected)
   */
  boolean subscribe(String channel, long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    synchronized (lock) {
      if (channels.add(channel)) {
        sendMissing();
      }
      while (!confirmed.contains(channel)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || closed) {
          return false;
        }
        lock.wait(left);
      }
      return true;
    }
  }

  /** Unsubscribes from a channel (never the last one: the subscription would end). */
  void unsubscribe(String channel) {
    synchronized (lock) {
      if (channels.size() > 1 && channels.remove(channel) && sent.remove(channel)) {
        confirmed.remove(channel);
        try {
          current.unsubscribe(bytes(channel));
        } catch (JedisException e) {
          LOG.debug("Unsubscribing from {} failed; the connection is being replaced: {}", channel, e.getMessage());
        }
      }
    }
  }

  /**
   * A PING on the subscription; or, when nothing arrived for longer than the silence limit, closes the connection so
   * that its reader fails and the subscriber connects again.
   */
  void ping() {
    synchronized (lock) {
      if (current == null) {
        return;
      }
      long silentNanos = System.nanoTime() - lastHeard;
      if (silentNanos > silenceLimitNanos) { // also when the first SUBSCRIBE was never answered
        closedBecause = "no answer for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms";
        connection.disconnect();
        return;
      }
      if (current.isSubscribed()) {
        try {
          current.ping();
        } catch (JedisException e) {
          LOG.debug("PING on the event connection to {} failed: {}", connector.node(), e.getMessage());
        }
      }
    }
  }

  /** Ends the subscription and its thread. */
  void close() {
    closed = true;
    synchronized (lock) {
      if (connection != null) {
        connection.disconnect();
      }
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!closed) {
      Connection opened = null;
      try {
        opened = connector.open().get();
        PubSub pubSub = new PubSub();
        byte[][] initial;
        synchronized (lock) {
          if (closed) {
            return;
          }
          current = pubSub;
          connection = opened;
          lastHeard = System.nanoTime();
          closedBecause = null;
          sent.addAll(channels);
          initial = channels.stream().map(Subscriber::bytes).toArray(byte[][]::new);
        }
        pubSub.proceed(opened, initial);
      } catch (RuntimeException e) {
        if (!closed) {
          failed(e);
        }
      } finally {
        synchronized (lock) {
          current = null;
          connection = null;
          closedBecause = null;
          sent.clear();
          confirmed.clear();
        }
        if (opened != null) {
          opened.close();
        }
      }
    }
  }

  /** One WARN when a working subscription fails; DEBUG for each further attempt; then waits the backoff. */
  private void failed(RuntimeException e) {
    synchronized (lock) {
      String why = closedBecause != null ? closedBecause : e.toString();
      if (!down) {
        LOG.warn("Cache entry events: the event connection to {} failed ({}); events published by other JVMs and"
            + " entries expiring while it is down are lost. Reconnecting with backoff", connector.node(), why);
      } else {
        LOG.debug("Cache entry events: connecting to {} failed again ({})", connector.node(), why);
      }
      down = true;
      try {
        lock.wait(backoff);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        closed = true;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /** Sends SUBSCRIBE for wanted channels the current connection has not been asked for. Holds lock. */
  private void sendMissing() {
    if (current == null || !current.isSubscribed()) {
      return; // the connection's first SUBSCRIBE is not confirmed yet: onSubscribe sends them
    }
    for (String channel : channels) {
      if (sent.add(channel)) {
        try {
          current.subscribe(bytes(channel));
        } catch (JedisException e) {
          // The connection broke: its reader fails, and the next connection subscribes to every channel.
          LOG.debug("Subscribing to {} failed: {}", channel, e.getMessage());
          return;
        }
      }
    }
  }

  private static byte[] bytes(String channel) {
    return channel.getBytes(StandardCharsets.UTF_8);
  }

  private final class PubSub extends BinaryJedisPubSub {

    /** Whether this connection's first subscription was confirmed. */
    private boolean started;

    @Override
    public void onSubscribe(byte[] channel, int subscribedChannels) {
      boolean resumed;
      boolean first = !started;
      started = true;
      lastHeard = System.nanoTime();
      synchronized (lock) {
        confirmed.add(new String(channel, StandardCharsets.UTF_8));
        resumed = down;
        down = false;
        backoff = FIRST_BACKOFF_MILLIS;
        sendMissing();
        lock.notifyAll();
      }
      if (resumed) {
        LOG.warn("Cache entry events: the event connection to {} works again; events published while it was down"
            + " were lost", connector.node());
      }
      if (first) {
        handler.subscribed(resumed);
      }
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
      lastHeard = System.nanoTime();
      handler.message(new String(channel, StandardCharsets.UTF_8), message);
    }

    @Override
    public void onPong(byte[] pattern) {
      lastHeard = System.nanoTime();
    }
  }
}
