package io.jcacheredis.store;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisEndpoint;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The client's command executor: runs each command on a pooled connection and turns Jedis exceptions into {@link
 * RedisFailureException}s that say which server failed (host, port, database; never the password), with the Jedis
 * exception as cause. A connection the server closes after a protocol error (a request over its size limit) is
 * dropped from the pool rather than handed to the next caller. Pipelines call {@link #translate} themselves.
 */
final class RedisFailures implements CommandExecutor {

  private final ConnectionProvider connections;
  private final RedisEndpoint endpoint;

  RedisFailures(ConnectionProvider connections, RedisEndpoint endpoint) {
    this.connections = connections;
    this.endpoint = endpoint;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    try (Connection connection = connections.getConnection(command.getArguments())) {
      try {
        return connection.executeCommand(command);
      } catch (JedisDataException e) {
        if (closesConnection(e)) {
          connection.setBroken();
        }
        throw e;
      }
    } catch (JedisNoScriptException e) {
      throw e; // handled by LuaScript, which loads the script and retries
    } catch (JedisException e) {
      throw translate(e, endpoint);
    }
  }

  /** Redis answers a malformed or oversized request with a protocol error and then closes the connection. */
  private static boolean closesConnection(JedisDataException e) {
    return e.getMessage() != null && e.getMessage().contains("Protocol error");
  }

  static RedisFailureException translate(JedisException e, RedisEndpoint endpoint) {
    String what = e instanceof JedisConnectionException ? "Cannot reach Redis at " : "Redis at ";
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (detail.contains("invalid bulk length")) {
      detail += "; the value is larger than the server accepts (its proto-max-bulk-len setting)";
    }
    return new RedisFailureException(what + endpoint + " (" + detail + ")", e);
  }

  @Override
  public void close() throws Exception {
    connections.close();
  }
}
