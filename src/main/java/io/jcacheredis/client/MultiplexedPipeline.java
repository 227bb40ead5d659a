package io.jcacheredis.client;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Response;

/**
 * A pipeline of a {@link MultiplexedClient}: {@link #sync} writes its commands one after the other on one shared
 * connection and sets each response from its reply (an error reply as that response's exception, as Jedis' own
 * pipelines do). A connection failure is the {@code JedisConnectionException} that Jedis' pipelines throw.
 */
final class MultiplexedPipeline extends AbstractPipeline {

  private final Multiplexer multiplexer;
  private final List<CommandArguments> commands = new ArrayList<>();
  private final List<Response<?>> responses = new ArrayList<>();

  MultiplexedPipeline(CommandObjects commandObjects, Multiplexer multiplexer) {
    super(commandObjects);
    this.multiplexer = multiplexer;
  }

  @Override
  protected <T> Response<T> appendCommand(CommandObject<T> commandObject) {
    Response<T> response = new Response<>(commandObject.getBuilder());
    commands.add(commandObject.getArguments());
    responses.add(response);
    return response;
  }

  @Override
  public void sync() {
    if (commands.isEmpty()) {
      return;
    }
    try {
      Object[] replies = multiplexer.callAll(commands.toArray(new CommandArguments[0]));
      for (int i = 0; i < replies.length; i++) {
        responses.get(i).set(replies[i]);
      }
    } finally {
      commands.clear();
      responses.clear();
    }
  }

  @Override
  public void close() {
    sync();
  }
}
