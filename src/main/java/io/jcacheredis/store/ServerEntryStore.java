package io.jcacheredis.store;

import io.jcacheredis.client.RedisFailures;
import io.jcacheredis.configuration.RedisEndpoint;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The {@link EntryStore} of one server, or of the master a sentinel names: every key fails together, a multi-key
 * read or delete is one command (MGET, UNLINK), a pipeline is one connection's, and SCAN has one cursor.
 */
class ServerEntryStore extends AbstractEntryStore {

  /** The one failure group of a server's keys. */
  private static final int ONE_GROUP = 0;

  private final RedisEndpoint endpoint;

  ServerEntryStore(UnifiedJedis redis, RedisEndpoint endpoint) {
    super(redis);
    this.endpoint = endpoint;
  }

  @Override
  public int failureGroup(byte[] key) {
    return ONE_GROUP;
  }

  @Override
  public int failureGroup(List<byte[]> keys) {
    return ONE_GROUP;
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    return redis.executeCommand(CopyFreeCommands.mget(keys));
  }

  @Override
  public long unlink(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return redis.executeCommand(CopyFreeCommands.unlink(keys));
  }

  @Override
  public KeyScanner scanner(byte[] pattern, int count) {
    return new ServerKeyScanner(redis, pattern, count);
  }

  /**
   * One pipeline on one connection; after NOSCRIPT the script is loaded and the pipeline sent again. The replies are
   * read from the pipeline's own responses, not copied: a putAll of 100 entries allocates no list beyond the
   * pipeline's.
   */
  @Override
  List<Object> sendPipeline(List<byte[]> keys, IntFunction<CommandObject<?>> commandAt, LuaScript script) {
    try {
      try {
        return sendOnce(keys.size(), commandAt);
      } catch (JedisNoScriptException e) {
        if (script == null) {
          throw e;
        }
        script.preload(redis, keys.get(0));
        return sendOnce(keys.size(), commandAt);
      }
    } catch (JedisException e) {
      throw RedisFailures.translate(e, endpoint);
    }
  }

  private List<Object> sendOnce(int size, IntFunction<CommandObject<?>> commandAt) {
    List<Response<?>> responses = new ArrayList<>(size);
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (int i = 0; i < size; i++) {
        responses.add(pipeline.executeCommand(commandAt.apply(i)));
      }
      pipeline.sync();
    }
    for (Response<?> response : responses) {
      response.get(); // throws the error a command was answered with
    }
    return new AbstractList<>() {
      @Override
      public Object get(int index) {
        return responses.get(index).get();
      }

      @Override
      public int size() {
        return responses.size();
      }
    };
  }
}
