package io.jcacheredis.store;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.RedisFailureException;
import javax.cache.CacheException;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * Turns Jedis exceptions into JCache {@link CacheException}s that say which server failed (host, port, database;
 * never the password), with the Jedis exception as cause. Installed as the client's command executor, so every
 * command goes through it; pipelines call {@link #translate} themselves.
 */
final class RedisFailures implements CommandExecutor {

  private final CommandExecutor delegate;
  private final RedisEndpoint endpoint;

  RedisFailures(CommandExecutor delegate, RedisEndpoint endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    try {
      return delegate.executeCommand(command);
    } catch (JedisNoScriptException e) {
      throw e; // handled by LuaScript, which loads the script and retries
    } catch (JedisException e) {
      throw translate(e, endpoint);
    }
  }

  static RedisFailureException translate(JedisException e, RedisEndpoint endpoint) {
    String what = e instanceof JedisConnectionException ? "Cannot reach Redis at " : "Redis at ";
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new RedisFailureException(what + endpoint + " (" + detail + ")", e);
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
