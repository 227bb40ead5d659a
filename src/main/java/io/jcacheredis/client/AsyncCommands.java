package io.jcacheredis.client;

import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.CommandObject;

/**
 * A client that can send a command without a thread waiting for its reply: the returned future completes when the
 * reply is read, on the thread that reads it. Dependent stages added without an executor run on that thread and
 * must not block; hand anything that may (application code) to an executor.
 */
public interface AsyncCommands {

  /**
   * Sends the command and returns at once; the future completes with what a blocking call of the command would
   * return, or exceptionally with what it would throw.
   */
  <T> CompletableFuture<T> executeAsync(CommandObject<T> command);
}
