package io.jcacheredis.client;

import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.CommandArguments;

/**
 * One command written to a multiplexed connection and its reply to come: the raw reply (an error reply as a {@code
 * JedisDataException} value, as Jedis' pipelines hold it), or, when the connection failed, completed exceptionally
 * with a {@code JedisConnectionException}. The reply reader completes it; so the caller's stage completes without a
 * thread of its own.
 */
final class PendingReply extends CompletableFuture<Object> {

  private final CommandArguments command;

  PendingReply(CommandArguments command) {
    this.command = command;
  }

  CommandArguments command() {
    return command;
  }
}
