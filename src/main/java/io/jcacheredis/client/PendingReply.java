package io.jcacheredis.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One command written to a multiplexed connection and its reply to come: the raw reply (an error reply as a {@code
 * JedisDataException} value, as Jedis' pipelines hold it), or, when the connection failed, completed exceptionally
 * with a {@code JedisConnectionException}. Whoever reads the reply completes it and wakes the caller waiting for it.
 *
 * <p>A detached reply has no caller waiting for it (an async call's): the link's own thread reads it when it is due
 * and nobody else is reading ({@link MuxLink}), and its dependent stages run on that thread.
 */
final class PendingReply extends CompletableFuture<Object> {

  private final CommandArguments command;
  private final boolean detached;
  /** The caller waiting for this reply, once it has gone to sleep or is about to. */
  private volatile Thread waiter;

  PendingReply(CommandArguments command) {
    this(command, false);
  }

  private PendingReply(CommandArguments command, boolean detached) {
    this.command = command;
    this.detached = detached;
  }

  /** A reply no caller will wait for: the link's thread reads it. */
  static PendingReply detached(CommandArguments command) {
    return new PendingReply(command, true);
  }

  /** Whether no caller waits for this reply (see {@link #detached}). */
  boolean isDetached() {
    return detached;
  }

  CommandArguments command() {
    return command;
  }

  /** Registers the calling thread as the one to wake when the reply is in (or the connection failed). */
  void waitingThread(Thread thread) {
    this.waiter = thread;
  }

  /** Wakes the caller waiting for this reply, if it is asleep. */
  void wake() {
    Thread thread = waiter;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /** Completes with the reply read and wakes the caller. */
  void deliver(Object reply) {
    complete(reply);
    wake();
  }

  /** Fails with the connection's failure and wakes the caller. */
  void fail(JedisConnectionException failure) {
    completeExceptionally(failure);
    wake();
  }
}
