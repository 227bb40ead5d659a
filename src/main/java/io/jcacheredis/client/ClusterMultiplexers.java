package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.util.Futures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link ClusterTransport} of the {@code multiplexed} connection mode: a {@link Multiplexer} per master (at most
 * {@value RedisSettings#MULTIPLEXED_CONNECTIONS} shared connections to each), opened on first use. The commands of
 * one call go out one after the other on one connection of the node. When the slot cache is read again, the
 * multiplexers of nodes that are no longer masters (left the cluster, demoted by a failover) are closed.
 */
final class ClusterMultiplexers implements ClusterTransport {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMultiplexers.class);

  private final ClusterNodes nodes;
  private final JedisClientConfig config;
  private final RedisSettings settings;
  private final Map<HostAndPort, Multiplexer> multiplexers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ClusterMultiplexers(ClusterNodes nodes, RedisSettings settings) {
    this.nodes = nodes;
    this.settings = settings;
    this.config = RedisClients.clientConfig(settings);
    nodes.afterRenewal(this::retainMasters);
  }

  /** The shared connections of a node, created (not yet opened) on first use. */
  Multiplexer of(HostAndPort node) {
    Multiplexer multiplexer = multiplexers.get(node);
    if (multiplexer != null) {
      return multiplexer;
    }
    synchronized (this) {
      if (closed) {
        throw new JedisConnectionException("The client of " + nodes.endpoint() + " is closed");
      }
      return multiplexers.computeIfAbsent(node, this::create);
    }
  }

  private Multiplexer create(HostAndPort node) {
    return new Multiplexer(opener(node, config, node + " in " + nodes.endpoint()), settings.multiplexedConnections(),
        settings.timeoutMillis(), settings.connectTimeoutMillis());
  }

  /** Opens multiplexed connections to one node of a cluster, as {@code config} says (credentials, TLS, timeouts). */
  static LinkOpener opener(HostAndPort node, JedisClientConfig config, String where) {
    return new LinkOpener() {
      @Override
      public MuxConnection open() {
        return MuxConnection.open(new DefaultJedisSocketFactory(node, config), config);
      }

      @Override
      public String where() {
        return where;
      }
    };
  }

  @Override
  public List<Object> sendAll(HostAndPort node, List<CommandArguments> commands) throws NotSent {
    Multiplexer.Sent sent;
    try {
      sent = of(node).sendAll(commands.toArray(new CommandArguments[0]));
    } catch (JedisException e) {
      throw new NotSent(e);
    }
    return Arrays.asList(sent.await());
  }

  @Override
  public <T> T execute(ClusterClient.Master master, CommandObject<T> command) {
    HostAndPort node = HostAndPort.from(master.node());
    Object reply;
    try {
      reply = of(node).call(command.getArguments());
    } catch (JedisException e) {
      throw nodes.failure(e, node);
    }
    return result(command, reply, node);
  }

  @Override
  public <T> CompletableFuture<T> executeAsync(HostAndPort node, CommandObject<T> command) {
    CompletableFuture<Object> reply;
    try {
      reply = of(node).submit(command.getArguments());
    } catch (JedisException e) {
      return CompletableFuture.failedFuture(nodes.failure(e, node));
    }
    return reply.handle((raw, failure) -> {
      Throwable cause = Futures.cause(failure);
      if (cause instanceof JedisException e) {
        throw nodes.failure(e, node);
      }
      if (cause != null) {
        throw new CompletionException(cause);
      }
      return result(command, raw, node);
    });
  }

  /** A node's raw reply as the command's result; an error reply is the node's failure. */
  private <T> T result(CommandObject<T> command, Object reply, HostAndPort node) {
    try {
      if (reply instanceof JedisDataException error) {
        throw error;
      }
      return command.getBuilder().build(reply);
    } catch (JedisException e) {
      throw nodes.failure(e, node);
    }
  }

  @Override
  public int sharedConnections() {
    int open = 0;
    for (Multiplexer multiplexer : multiplexers.values()) {
      open += multiplexer.openConnections();
    }
    return open;
  }

  @Override
  public void retainMasters(Set<String> masters) {
    for (HostAndPort node : multiplexers.keySet()) {
      if (!masters.contains(node.toString())) {
        Multiplexer gone = multiplexers.remove(node);
        if (gone != null) {
          LOG.debug("{} is no longer a master of {}: closing its multiplexed connections", node, nodes.endpoint());
          gone.close();
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Multiplexer multiplexer : multiplexers.values()) {
      multiplexer.close();
    }
    multiplexers.clear();
  }
}
