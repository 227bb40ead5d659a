package io.jcacheredis.client;

import java.net.SocketTimeoutException;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One multiplexed connection: commands of concurrent callers are written together and their replies handed back in
 * the order the commands were written.
 *
 * <p>Writing: a caller queues its commands and, if no other thread is writing, writes them itself together with what
 * others queued meanwhile (a bounded round) and flushes once: a lone caller pays no thread hand-off. A caller that
 * finds another thread writing leaves its commands queued; whoever ends a round with commands still queued wakes the
 * link's writer thread, which writes rounds until the queue is empty. So concurrent callers' commands go out
 * together, and no caller writes others' commands for long. Commands nobody waits for (an async call's, {@linkplain
 * PendingReply#detached detached}) are left to the writer thread, which writes them with whatever else is queued by
 * then and reads their replies anyway: a thread making many async calls in a row pays no write for each, and its
 * commands go out together. The commands of one {@link #send} are written one after
 * the other, with no other caller's command between them. Each command goes into the in-flight queue before it is
 * written, so the queue holds the commands in the order the server answers them.
 *
 * <p>Reading has no thread of its own either (leader and followers): a waiting caller that finds nobody reading
 * becomes the reader; it reads replies in order, hands each to its caller and wakes it, until its own reply is in,
 * then wakes the caller of the next reply due to read on. Readers are so always threads that are running anyway (a
 * dedicated reader thread would have to be scheduled among thousands of callers), a lone caller reads its own reply,
 * and nothing is read while no reply is due, so an idle connection never times out.
 *
 * <p>A {@linkplain PendingReply#detached detached} reply (an async call's) has no caller to read it: when it is the
 * next reply due and nobody is reading, the link's thread (the writer of leftovers) reads, in order, until the reply
 * due has a waiting caller (whom it wakes to read on) or none is in flight, writing leftovers between replies. Its
 * reads are bounded by the socket's read timeout (the {@code timeout.millis} a waiting caller waits at most), so a
 * detached reply not in within it fails the link with the same "Read timed out" failure. Completing a detached reply
 * runs its dependent stages on the link's thread: they must not block (the async extension hands anything that may
 * run application code to an executor).
 *
 * <p>An error reply is that command's reply. A connection failure (a reset, a read timing out, a caller's reply not
 * coming within its deadline) fails every command in flight or queued with the same {@link JedisConnectionException},
 * closes the socket and tells the owner, which replaces the link. A failed link is never used again: once a reply is
 * missing, later replies cannot be matched to commands.
 */
final class MuxLink {

  private static final Logger LOG = LoggerFactory.getLogger(MuxLink.class);
  /** The most calls whose commands one thread writes before it flushes and gives the write permit back. */
  private static final int ROUND = 64;

  private final MuxConnection connection;
  private final String name;
  private final Queue<PendingReply[]> unwritten = new ConcurrentLinkedQueue<>();
  private final Queue<PendingReply> inFlight = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicReference<JedisConnectionException> failure = new AtomicReference<>();
  private final Consumer<MuxLink> onFailure;
  private final Thread writer;

  /**
   * Starts the writer thread of an open connection.
   *
   * @param name what the writer thread is called (the server, never a password)
   * @param onFailure told once, on the failing thread, when the link fails
   */
  MuxLink(MuxConnection connection, String name, Consumer<MuxLink> onFailure) {
    this.connection = connection;
    this.name = name;
    this.onFailure = onFailure;
    this.writer = new Thread(this::writeLeftOvers, name + " writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Whether commands can still be sent: false once the link failed or was closed. */
  boolean isOpen() {
    return failure.get() == null;
  }

  /** The connection, for its address. */
  MuxConnection connection() {
    return connection;
  }

  /**
   * Queues commands to be written one after the other and, unless another thread is writing, writes them with what
   * else is queued (at most {@value #ROUND} calls' commands), leaving the rest to the writer thread; detached commands
   * are left to the writer thread.
   *
   * @return false, queuing nothing, when the link has failed already
   */
  boolean send(PendingReply[] commands) {
    if (!isOpen()) {
      return false;
    }
    unwritten.add(commands);
    if (commands[commands.length - 1].isDetached()) {
      LockSupport.unpark(writer); // nobody waits: the link's thread writes it with what else is queued by then
      if (!isOpen()) {
        failQueued(); // the link failed meanwhile, and its thread may have failed what was queued before this
      }
    } else if (writing.compareAndSet(false, true)) {
      writeRound();
    }
    return true;
  }

  /**
   * Writes at most {@value #ROUND} queued calls' commands and flushes them, holding the write permit; gives it back,
   * wakes the writer thread if more is queued, and the caller of the next reply if nobody is reading.
   */
  private void writeRound() {
    try {
      PendingReply[] batch;
      for (int calls = 0; calls < ROUND && (batch = unwritten.poll()) != null; calls++) {
        for (PendingReply command : batch) {
          inFlight.add(command);
          connection.sendCommand(command.command());
        }
      }
      connection.flushWrites();
    } catch (JedisConnectionException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new JedisConnectionException(e));
    } finally {
      writing.set(false);
    }
    if (!isOpen()) {
      failQueued(); // a command queued while the link failed
      return;
    }
    if (!unwritten.isEmpty()) {
      LockSupport.unpark(writer);
    }
    wakeNextReader();
  }

  /**
   * The link's thread: writes what callers left queued while another thread was writing, and reads detached replies
   * when one is due and nobody is reading.
   */
  private void writeLeftOvers() {
    while (isOpen()) {
      if (!unwritten.isEmpty() && writing.compareAndSet(false, true)) {
        writeRound();
      } else if (detachedDue() && reading.compareAndSet(false, true)) {
        try {
          readDetached();
        } finally {
          reading.set(false);
        }
        wakeNextReader();
      } else {
        LockSupport.park(this);
      }
    }
    failQueued();
  }

  private boolean detachedDue() {
    PendingReply due = inFlight.peek();
    return due != null && due.isDetached();
  }

  /**
   * Reads replies in order while the one due is detached (bounded by the socket's read timeout), writing what was
   * left queued between replies.
   */
  private void readDetached() {
    PendingReply due;
    while (isOpen() && (due = inFlight.peek()) != null && due.isDetached()) {
      if (!readNext(due)) {
        return;
      }
      if (!unwritten.isEmpty() && writing.compareAndSet(false, true)) {
        writeRound();
      }
    }
  }

  /**
   * Waits for the reply of a command sent on this link, reading replies while nobody else does, until {@code
   * deadline} ({@link System#nanoTime}); then fails the link with a read timeout. Not interruptible (an interrupt is
   * kept for the caller), as a blocking read of a pooled connection is not.
   *
   * @return the raw reply, an error reply as its JedisDataException
   * @throws JedisConnectionException when the link failed
   */
  Object await(PendingReply reply, long deadline) {
    reply.waitingThread(Thread.currentThread());
    return awaitUninterruptibly(reply, deadline);
  }

  private Object awaitUninterruptibly(PendingReply reply, long deadline) {
    boolean interrupted = false;
    while (!reply.isDone()) {
      if (isOpen() && reading.compareAndSet(false, true)) {
        try {
          readUntil(reply, deadline);
        } finally {
          reading.set(false);
        }
        wakeNextReader();
        if (reply.isDone()) {
          break;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        JedisConnectionException timedOut = timedOut();
        fail(timedOut);
        reply.fail(timedOut); // unless the reply came meanwhile: then that is the answer
        break;
      }
      LockSupport.parkNanos(this, left); // woken when the reply is in, or to read
      interrupted |= Thread.interrupted(); // else parkNanos returns at once from now on
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      return reply.join();
    } catch (CompletionException e) {
      throw (JedisException) e.getCause();
    }
  }

  private static JedisConnectionException timedOut() {
    return new JedisConnectionException(new SocketTimeoutException("Read timed out"));
  }

  /** Reads replies in order until {@code reply} is in, none is due yet, the deadline passes or the link fails. */
  private void readUntil(PendingReply reply, long deadline) {
    while (!reply.isDone() && isOpen()) {
      PendingReply due = inFlight.peek();
      if (due == null) {
        return; // the command is still queued: the writer wakes the next reader
      }
      if (deadline - System.nanoTime() <= 0) {
        return; // await fails the link
      }
      if (!readNext(due)) {
        return;
      }
    }
  }

  /**
   * Reads the reply due ({@code due}, the head of the in-flight queue) and hands it over.
   *
   * @return false when the link failed
   */
  private boolean readNext(PendingReply due) {
    Object read;
    try {
      read = connection.getUnflushedObject();
    } catch (JedisDataException e) {
      read = e; // an error reply: that command's result
    } catch (JedisConnectionException e) {
      fail(e);
      return false;
    } catch (RuntimeException e) {
      fail(new JedisConnectionException(e));
      return false;
    }
    if (inFlight.poll() != due) { // failQueued took it: the link failed meanwhile
      failQueued();
      return false;
    }
    due.deliver(read);
    if (read instanceof JedisDataException error && RedisFailures.closesConnection(error)) {
      fail(new JedisConnectionException("Redis closed the connection after: " + error.getMessage(), error));
      return false;
    }
    return true;
  }

  /**
   * Wakes the caller of the next reply due, to read it, unless someone is reading; the link's thread when that reply
   * is detached.
   */
  private void wakeNextReader() {
    if (!reading.get()) {
      PendingReply next = inFlight.peek();
      if (next != null && next.isDetached()) {
        LockSupport.unpark(writer);
      } else if (next != null) {
        next.wake();
      }
    }
  }

  /**
   * Fails the link (once; later calls only fail what is still queued): every command in flight or queued fails with
   * {@code cause}, the socket is closed and the owner told.
   */
  void fail(JedisConnectionException cause) {
    if (failure.compareAndSet(null, cause)) {
      LOG.debug("Multiplexed connection {} failed: {}", this, cause.toString());
      connection.closeNow();
      LockSupport.unpark(writer);
      onFailure.accept(this);
    }
    failQueued();
  }

  private void failQueued() {
    JedisConnectionException cause = failure.get();
    PendingReply command;
    while ((command = inFlight.poll()) != null) {
      command.fail(cause);
    }
    PendingReply[] batch;
    while ((batch = unwritten.poll()) != null) {
      for (PendingReply queued : batch) {
        queued.fail(cause);
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
