package io.jcacheredis.client;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One multiplexed connection: commands of concurrent callers are written together and their replies handed back in
 * the order the commands were written.
 *
 * <p>Writing needs no thread of its own: a caller queues its commands and, if no other caller is writing, writes
 * everything queued (its own and what others queued meanwhile) and flushes once; a caller that finds another one
 * writing leaves its commands to it. The commands of one {@link #send} are written one after the other, with no
 * other caller's command between them. Each command goes into the in-flight queue before it is written, so the
 * queue holds the commands in the order the server answers them.
 *
 * <p>A reader thread takes the in-flight commands one at a time and reads each one's reply; it reads only while a
 * reply is due, so an idle connection never times out. An error reply is that command's reply; a connection
 * failure (a reset, a read timing out, a caller's timeout through {@link #fail}) fails every command in flight or
 * queued with the same {@link JedisConnectionException}, closes the socket and tells the owner, which replaces the
 * link. A failed link is never used again: once a reply is missing, later replies cannot be matched to commands.
 */
final class MuxLink {

  private static final Logger LOG = LoggerFactory.getLogger(MuxLink.class);

  private final MuxConnection connection;
  private final Queue<PendingReply[]> unwritten = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<PendingReply> inFlight = new LinkedBlockingQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicReference<JedisConnectionException> failure = new AtomicReference<>();
  private final Consumer<MuxLink> onFailure;
  private final Thread reader;

  /**
   * Starts the reader of an open connection.
   *
   * @param name what the reader thread is called (the server, never a password)
   * @param onFailure told once, on the failing thread, when the link fails
   */
  MuxLink(MuxConnection connection, String name, Consumer<MuxLink> onFailure) {
    this.connection = connection;
    this.onFailure = onFailure;
    this.reader = new Thread(this::read, name);
    reader.setDaemon(true);
    reader.start();
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
   * Queues commands to be written one after the other and writes what is queued unless another caller is writing.
   *
   * @return false, queuing nothing, when the link has failed already
   */
  boolean send(PendingReply[] commands) {
    if (!isOpen()) {
      return false;
    }
    unwritten.add(commands);
    write();
    return true;
  }

  private void write() {
    while (!unwritten.isEmpty() && isOpen() && writing.compareAndSet(false, true)) {
      try {
        PendingReply[] batch;
        while ((batch = unwritten.poll()) != null) {
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
    }
    if (!isOpen()) {
      failQueued(); // a command queued while the link failed
    }
  }

  private void read() {
    PendingReply due = null;
    try {
      while (isOpen()) {
        due = inFlight.take();
        Object reply;
        try {
          reply = connection.getUnflushedObject();
        } catch (JedisDataException e) {
          reply = e; // an error reply: that command's result
        }
        due.complete(reply);
        due = null;
        if (reply instanceof JedisDataException error && RedisFailures.closesConnection(error)) {
          fail(new JedisConnectionException("Redis closed the connection after: " + error.getMessage(), error));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only fail() interrupts the reader; the link is failed already
    } catch (JedisConnectionException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new JedisConnectionException(e));
    } finally {
      if (failure.get() == null) {
        fail(new JedisConnectionException("The reader of a multiplexed connection stopped"));
      }
      if (due != null) {
        due.completeExceptionally(failure.get());
      }
      failQueued();
    }
  }

  /**
   * Fails the link (once; later calls only fail what is still queued): every command in flight or queued fails with
   * {@code cause}, the socket is closed and the owner told.
   */
  void fail(JedisConnectionException cause) {
    if (failure.compareAndSet(null, cause)) {
      LOG.debug("Multiplexed connection {} failed: {}", reader.getName(), cause.toString());
      reader.interrupt();
      connection.closeNow();
      onFailure.accept(this);
    }
    failQueued();
  }

  private void failQueued() {
    JedisConnectionException cause = failure.get();
    PendingReply command;
    while ((command = inFlight.poll()) != null) {
      command.completeExceptionally(cause);
    }
    PendingReply[] batch;
    while ((batch = unwritten.poll()) != null) {
      for (PendingReply queued : batch) {
        queued.completeExceptionally(cause);
      }
    }
  }

  @Override
  public String toString() {
    return reader.getName();
  }
}
