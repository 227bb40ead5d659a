package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.util.Futures;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * The command executor of a {@link MultiplexedClient}: sends each command over the shared connections of a {@link
 * Multiplexer}, except those that need a connection of their own ({@link DedicatedCommands}), which go to the pooled
 * executor. Failures are the {@code RedisFailureException}s of {@link RedisFailures}, with the same texts as pooled
 * calls; NOSCRIPT is passed on as it is (LuaScript loads the script and retries).
 */
final class MultiplexedExecutor implements CommandExecutor {

  private final Multiplexer multiplexer;
  private final RedisFailures dedicated;
  private final RedisEndpoint endpoint;

  MultiplexedExecutor(Multiplexer multiplexer, RedisFailures dedicated, RedisEndpoint endpoint) {
    this.multiplexer = multiplexer;
    this.dedicated = dedicated;
    this.endpoint = endpoint;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    if (DedicatedCommands.needOwnConnection(command.getArguments())) {
      return dedicated.executeCommand(command);
    }
    Object reply;
    try {
      reply = multiplexer.call(command.getArguments());
    } catch (JedisConnectionException e) {
      if (!RedisFailures.closedByServer(e) || !RedisFailures.onlyReads(command.getArguments())) {
        throw RedisFailures.translate(e, endpoint);
      }
      reply = again(command, e); // the server closed the connection (a restart, a failover): a read is sent again
    } catch (JedisException e) {
      throw RedisFailures.translate(e, endpoint);
    }
    return result(command, reply);
  }

  /**
   * Sends a read again after the server closed its connection, as long as the server closed the connection it went
   * on: at most once per shared connection (after a restart, each fails once, and is replaced).
   */
  private Object again(CommandObject<?> command, JedisConnectionException first) {
    JedisConnectionException last = first;
    for (int attempt = 0; attempt < multiplexer.connections(); attempt++) {
      try {
        return multiplexer.call(command.getArguments());
      } catch (JedisConnectionException e) {
        suppress(e, last);
        last = e;
        if (!RedisFailures.closedByServer(e)) {
          break;
        }
      } catch (JedisException e) {
        suppress(e, last);
        throw RedisFailures.translate(e, endpoint);
      }
    }
    throw RedisFailures.translate(last, endpoint);
  }

  /** Keeps an earlier attempt's failure with the later one (a connection fails its callers with one instance). */
  private static void suppress(JedisException later, JedisConnectionException earlier) {
    if (later != earlier) {
      later.addSuppressed(earlier);
    }
  }

  /**
   * Sends a command without waiting ({@link Multiplexer#submit}); the future completes, on the thread that read the
   * reply, as {@link #executeCommand} would return or throw. Only for commands that need no connection of their own.
   *
   * @throws IllegalArgumentException for a command that needs a connection of its own
   */
  <T> CompletableFuture<T> executeAsync(CommandObject<T> command) {
    if (DedicatedCommands.needOwnConnection(command.getArguments())) {
      throw new IllegalArgumentException("Command " + command.getArguments().getCommand()
          + " needs a connection of its own and cannot be sent asynchronously");
    }
    CompletableFuture<Object> reply;
    try {
      reply = multiplexer.submit(command.getArguments());
    } catch (JedisException e) {
      return CompletableFuture.failedFuture(RedisFailures.translate(e, endpoint));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    reply.whenComplete((raw, failure) -> {
      if (failure != null) {
        Throwable cause = Futures.cause(failure);
        result.completeExceptionally(cause instanceof JedisException e ? RedisFailures.translate(e, endpoint) : cause);
        return;
      }
      try {
        result.complete(result(command, raw));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** A raw reply as the command's result; an error reply thrown (NOSCRIPT as it is, for LuaScript's fallback). */
  private <T> T result(CommandObject<T> command, Object reply) {
    try {
      if (reply instanceof JedisDataException error) {
        throw error;
      }
      return command.getBuilder().build(reply);
    } catch (JedisNoScriptException e) {
      throw e;
    } catch (JedisException e) {
      throw RedisFailures.translate(e, endpoint);
    }
  }

  @Override
  public void close() {
    try {
      multiplexer.close();
    } finally {
      dedicated.close();
    }
  }
}
