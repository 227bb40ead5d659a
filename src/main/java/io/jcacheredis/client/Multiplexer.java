package io.jcacheredis.client;

import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The few shared connections ({@link MuxLink}s) to one Redis server, and the calls over them: each call's commands
 * go to one link (in turn), the caller waits for the replies at most the read timeout.
 *
 * <p>Links are opened on first use and replaced when they fail, on a background thread: a caller never opens a
 * connection itself. While no link is open a caller waits for one at most the connect timeout; when an attempt to
 * open one fails during its wait, it fails with that attempt's exception (as opening a pooled connection would).
 *
 * <p>A caller whose reply does not come within the read timeout fails the whole link (later replies could no longer be
 * matched to their commands): every command in flight on it fails with the same "Read timed out" failure a pooled
 * connection reports, and the link is replaced.
 */
final class Multiplexer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Multiplexer.class);

  private static final int IDLE = 0;
  private static final int OPENING = 1;
  private static final int OPEN = 2;

  private final LinkOpener opener;
  private final long readTimeoutNanos;
  private final long connectTimeoutNanos;
  private final AtomicReferenceArray<MuxLink> links;
  private final AtomicIntegerArray states;
  private final AtomicInteger next = new AtomicInteger();
  private final ThreadPoolExecutor connector;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Failed attempts to open a link so far, and the last one's failure. */
  private int failedOpens;
  private JedisException lastOpenFailure;
  private volatile boolean closed;

  /**
   * @param connections how many links to keep
   * @param readTimeoutMillis how long a caller waits for its replies
   * @param connectTimeoutMillis how long a caller waits for a link while none is open
   */
  Multiplexer(LinkOpener opener, int connections, int readTimeoutMillis, int connectTimeoutMillis) {
    this.opener = opener;
    this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
    this.connectTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
    this.links = new AtomicReferenceArray<>(connections);
    this.states = new AtomicIntegerArray(connections);
    this.connector = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread thread = new Thread(task, "jcache-redis-mux-connect " + opener.where());
      thread.setDaemon(true);
      return thread;
    });
    connector.allowCoreThreadTimeOut(true);
  }

  /** Sends one command and waits for its raw reply (an error reply is returned as its JedisDataException). */
  Object call(CommandArguments command) {
    PendingReply reply = new PendingReply(command);
    MuxLink link = send(new PendingReply[] {reply});
    return link.await(reply, System.nanoTime() + readTimeoutNanos);
  }

  /**
   * Sends one command without waiting for its reply: the link's thread (or a caller reading anyway) completes the
   * future with the raw reply (an error reply as its JedisDataException value), or exceptionally with the link's
   * {@code JedisConnectionException}; a reply not in within the read timeout fails the link as a waiting caller's
   * does. While no link is open, waits for one as {@link #call} does.
   *
   * @throws JedisException when no link could be had (nothing was sent)
   */
  CompletableFuture<Object> submit(CommandArguments command) {
    PendingReply reply = PendingReply.detached(command);
    send(new PendingReply[] {reply});
    return reply;
  }

  /**
   * Sends commands one after the other on one link and waits for all their raw replies (error replies as values).
   */
  Object[] callAll(CommandArguments[] commands) {
    return sendAll(commands).await();
  }

  /**
   * Sends commands one after the other on one link, without waiting for their replies: a failure here (no link could
   * be had) means none of them was sent. {@link Sent#await} then waits for the replies.
   */
  Sent sendAll(CommandArguments[] commands) {
    PendingReply[] replies = new PendingReply[commands.length];
    for (int i = 0; i < commands.length; i++) {
      replies[i] = new PendingReply(commands[i]);
    }
    MuxLink link = send(replies);
    return new Sent(link, replies, System.nanoTime() + readTimeoutNanos);
  }

  /** Commands sent on a link, whose replies are due by {@code deadline} ({@link System#nanoTime}). */
  record Sent(MuxLink link, PendingReply[] replies, long deadline) {
    /**
     * Waits for every raw reply (error replies as values).
     *
     * @throws JedisConnectionException when the link failed or a reply did not come in time
     */
    Object[] await() {
      Object[] results = new Object[replies.length];
      for (int i = 0; i < replies.length; i++) {
        results[i] = link.await(replies[i], deadline);
      }
      return results;
    }
  }

  /** Open links now. */
  /** How many shared connections it keeps at most. */
  int connections() {
    return links.length();
  }

  int openConnections() {
    int open = 0;
    for (int i = 0; i < links.length(); i++) {
      MuxLink link = links.get(i);
      if (link != null && link.isOpen()) {
        open++;
      }
    }
    return open;
  }

  private MuxLink send(PendingReply[] commands) {
    long deadline = System.nanoTime() + connectTimeoutNanos;
    for (;;) {
      MuxLink link = pick(deadline);
      if (link.send(commands)) {
        return link;
      }
    }
  }

  /** An open link, taking them in turn; opens links that are not open and waits for one while none is. */
  private MuxLink pick(long deadline) {
    int failuresBefore = failedOpensNow();
    for (;;) {
      if (closed) {
        throw new JedisConnectionException("The client of " + opener.where() + " is closed");
      }
      int count = links.length();
      int start = Math.floorMod(next.getAndIncrement(), count);
      for (int i = 0; i < count; i++) {
        int slot = (start + i) % count;
        MuxLink link = links.get(slot);
        if (link != null && link.isOpen() && opener.isCurrent(link.connection())) {
          return link;
        }
        if (link != null && link.isOpen()) {
          link.fail(new JedisConnectionException(opener.where() + " has moved; reconnecting"));
        } else if (link != null) {
          replaced(slot, link); // failed before it was put in its slot
        }
        openInBackground(slot);
      }
      awaitChange(failuresBefore, deadline);
    }
  }

  private int failedOpensNow() {
    lock.lock();
    try {
      return failedOpens;
    } finally {
      lock.unlock();
    }
  }

  private void awaitChange(int failuresBefore, long deadline) {
    lock.lock();
    try {
      if (failedOpens != failuresBefore) {
        throw lastOpenFailure;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new JedisConnectionException("No connection to " + opener.where() + " could be opened in "
            + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms",
            new SocketTimeoutException("connect timed out"));
      }
      changed.awaitNanos(left);
      if (failedOpens != failuresBefore) {
        throw lastOpenFailure;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JedisConnectionException("Interrupted while waiting for a connection to Redis", e);
    } finally {
      lock.unlock();
    }
  }

  private void openInBackground(int slot) {
    if (closed || !states.compareAndSet(slot, IDLE, OPENING)) {
      return;
    }
    try {
      connector.execute(() -> open(slot));
    } catch (RuntimeException e) { // rejected: closed meanwhile
      states.set(slot, IDLE);
      LOG.debug("Not opening a connection to {}: {}", opener.where(), e.toString());
    }
  }

  private void open(int slot) {
    MuxLink link = null;
    JedisException failure = null;
    try {
      if (!closed) {
        MuxConnection connection = opener.open();
        link = new MuxLink(connection, "jcache-redis-mux " + opener.where() + " #" + slot,
            failed -> replaced(slot, failed));
        states.set(slot, OPEN); // before the link is in its slot: its failure from then on empties the slot
        links.set(slot, link);
      }
    } catch (JedisException e) { // as a pooled connection's open would fail (unreachable, AUTH refused)
      failure = e;
    } catch (RuntimeException e) { // a sentinel client closed meanwhile
      failure = new JedisConnectionException(e.getMessage(), e);
    }
    if (link == null) {
      states.set(slot, IDLE);
    }
    if (closed && link != null) {
      link.fail(closedFailure());
    }
    if (failure != null) {
      LOG.debug("Opening a multiplexed connection to {} failed: {}", opener.where(), failure.toString());
    }
    lock.lock();
    try {
      if (failure != null) {
        failedOpens++;
        lastOpenFailure = failure;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A failed link is replaced at once, so that callers find an open one; a failed replacement waits for a caller. */
  private void replaced(int slot, MuxLink failed) {
    if (links.compareAndSet(slot, failed, null)) {
      states.set(slot, IDLE);
      openInBackground(slot);
    }
  }

  private JedisConnectionException closedFailure() {
    return new JedisConnectionException("The client of " + opener.where() + " was closed");
  }

  /** Fails what is in flight and closes every link. */
  @Override
  public void close() {
    closed = true;
    connector.shutdown();
    for (int i = 0; i < links.length(); i++) {
      MuxLink link = links.getAndSet(i, null);
      if (link != null) {
        link.fail(closedFailure());
      }
    }
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
