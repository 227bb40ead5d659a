package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisSettings;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The built-in client of one server, or of the master a sentinel names, in the {@code multiplexed} {@value
 * RedisSettings#CONNECTION_MODE}: concurrent calls share {@value RedisSettings#MULTIPLEXED_CONNECTIONS} connections
 * ({@link Multiplexer}), their commands written together and the replies matched in order; pipelines go out as
 * consecutive commands on one of them. Commands that need a connection of their own (transactions, WATCH, pub/sub,
 * blocking commands, CLIENT ...), and {@code multi()} and {@code subscribe()}, use a pool of connections admitted by a
 * {@link ConnectionGate}, as the pooled client does; the caches never send such commands. It is what {@code
 * manager.unwrap(UnifiedJedis.class)} returns for such a manager.
 */
public final class MultiplexedClient extends UnifiedJedis implements AsyncCommands {

  private final Multiplexer multiplexer;
  private final MultiplexedExecutor executor;
  private final ConnectionProvider dedicated;
  private final LinkSource links;

  private MultiplexedClient(Multiplexer multiplexer, MultiplexedExecutor executor, ConnectionProvider dedicated,
      LinkSource links) {
    super(executor, dedicated, RedisProtocol.RESP2, null);
    this.multiplexer = multiplexer;
    this.executor = executor;
    this.dedicated = dedicated;
    this.links = links;
  }

  /**
   * Writes the command to a shared connection and returns at once; the future completes on the thread that reads
   * the reply (the connection's own thread, or a caller reading anyway), with the result or the same {@code
   * RedisFailureException} a blocking call throws (NOSCRIPT as its {@code JedisNoScriptException}). A reply not in
   * within {@code timeout.millis} fails the connection, and so the future, with the blocking call's "Read timed
   * out" failure. While no connection is open the call waits for one (at most {@code connect-timeout.millis}).
   *
   * @throws IllegalArgumentException for a command that needs a connection of its own
   */
  @Override
  public <T> CompletableFuture<T> executeAsync(CommandObject<T> command) {
    return executor.executeAsync(command);
  }

  /**
   * A client whose shared connections {@code opener} opens and whose dedicated commands use {@code dedicated}.
   */
  static MultiplexedClient create(LinkOpener opener, ConnectionProvider dedicated, RedisSettings settings) {
    Multiplexer multiplexer = new Multiplexer(opener, settings.multiplexedConnections(), settings.timeoutMillis(),
        settings.connectTimeoutMillis());
    RedisFailures pooled = new RedisFailures(dedicated, ServerClient.gate(dedicated, settings), settings.endpoint());
    return new MultiplexedClient(multiplexer, new MultiplexedExecutor(multiplexer, pooled, settings.endpoint()),
        dedicated, new LinkSource(opener, pooled, settings));
  }

  /** How a {@link SingleLinkClient} to this server is opened. */
  LinkSource links() {
    return links;
  }

  /** A pipeline whose commands go out one after the other on one shared connection when it is synced or closed. */
  @Override
  public AbstractPipeline pipelined() {
    return new MultiplexedPipeline(commandObjects, multiplexer);
  }

  /**
   * The pool of the connections of their own that dedicated commands use, now (a sentinel's changes when the master
   * does): also what the near cache opens its invalidation connections like.
   */
  public Pool<Connection> pool() {
    return ServerClient.pool(dedicated);
  }

  /** The shared connections open now (at most {@value RedisSettings#MULTIPLEXED_CONNECTIONS}). */
  public int openConnections() {
    return multiplexer.openConnections();
  }
}
