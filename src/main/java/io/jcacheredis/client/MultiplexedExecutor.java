package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisEndpoint;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.exceptions.JedisDataException;
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
    try {
      Object reply = multiplexer.call(command.getArguments());
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
