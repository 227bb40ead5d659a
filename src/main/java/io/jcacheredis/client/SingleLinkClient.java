package io.jcacheredis.client;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A client whose commands all go over one multiplexed connection ({@link Multiplexer} of one {@link MuxLink}) to the
 * server of a built-in client (or to one master of a cluster, {@link ClusterClient#openLink}), a connection that a
 * first command set up (for the near cache: {@code CLIENT TRACKING ... NOLOOP}, so that what this connection writes
 * is not announced back) and that is never reopened: when it fails, {@code lost} is told once and every later call
 * fails; the owner opens a new one. Concurrent callers share the
 * connection as in the {@code multiplexed} connection mode; pipelines go out as consecutive commands on it.
 */
public final class SingleLinkClient extends UnifiedJedis {

  private static final Logger LOG = LoggerFactory.getLogger(SingleLinkClient.class);

  private final Multiplexer multiplexer;

  private SingleLinkClient(Multiplexer multiplexer, MultiplexedExecutor executor) {
    super(executor, null, RedisProtocol.RESP2, null);
    this.multiplexer = multiplexer;
  }

  /** Whether {@link #open} can open such a client to the server of {@code client} (one server or a sentinel's master). */
  public static boolean supports(UnifiedJedis client) {
    return sourceOf(client) != null;
  }

  /**
   * Opens the connection and sends {@code first} on it, in the calling thread.
   *
   * @param client the built-in client of one server or a sentinel's master ({@link #supports})
   * @param first the command that sets the connection up; its error reply is thrown as Redis' {@code
   *     JedisDataException}, a connection failure as a {@code JedisConnectionException}
   * @param lost told once, on the failing thread, when the connection fails after it was opened (not when closed)
   */
  public static SingleLinkClient open(UnifiedJedis client, CommandArguments first, Consumer<RuntimeException> lost) {
    LinkSource source = sourceOf(client);
    if (source == null) {
      throw new IllegalArgumentException("A single-link client is opened over a built-in client of one server or a"
          + " sentinel's master, not " + client.getClass().getName());
    }
    return open(source, first, lost);
  }

  /** Opens the connection {@code source} describes (also a master of a cluster) and sends {@code first} on it. */
  static SingleLinkClient open(LinkSource source, CommandArguments first, Consumer<RuntimeException> lost) {
    MuxConnection connection = source.opener().open();
    try {
      connection.executeCommand(new CommandObject<>(first, BuilderFactory.RAW_OBJECT));
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    LinkOpener once = new OpenedOnce(connection, source.opener(), lost);
    Multiplexer multiplexer = new Multiplexer(once, 1, source.settings().timeoutMillis(),
        source.settings().connectTimeoutMillis());
    return new SingleLinkClient(multiplexer, new MultiplexedExecutor(multiplexer, source.dedicated(),
        source.settings().endpoint()));
  }

  private static LinkSource sourceOf(UnifiedJedis client) {
    if (client instanceof ServerClient server) {
      return server.links();
    }
    if (client instanceof MultiplexedClient multiplexed) {
      return multiplexed.links();
    }
    return null;
  }

  /** A pipeline whose commands go out one after the other on the connection when it is synced or closed. */
  @Override
  public AbstractPipeline pipelined() {
    return new MultiplexedPipeline(commandObjects, multiplexer);
  }

  /** Fails what is in flight and closes the connection (not the client it was opened over); {@code lost} is not told. */
  @Override
  public void close() {
    multiplexer.close();
  }

  /** Hands the connection opened already to the multiplexer once; asked again (it failed), tells the owner. */
  private static final class OpenedOnce implements LinkOpener {
    private final LinkOpener opener;
    private final Consumer<RuntimeException> lost;
    private MuxConnection opened;
    private boolean told;

    OpenedOnce(MuxConnection opened, LinkOpener opener, Consumer<RuntimeException> lost) {
      this.opened = opened;
      this.opener = opener;
      this.lost = lost;
    }

    @Override
    public synchronized MuxConnection open() {
      MuxConnection connection = opened;
      if (connection != null) {
        opened = null;
        return connection;
      }
      JedisConnectionException failure = new JedisConnectionException("The connection to " + where()
          + " that was set up with its first command failed; it is not reopened here");
      if (!told) {
        told = true;
        LOG.debug("{}", failure.getMessage());
        lost.accept(failure);
      }
      throw failure;
    }

    @Override
    public boolean isCurrent(MuxConnection connection) {
      return opener.isCurrent(connection);
    }

    @Override
    public String where() {
      return opener.where();
    }
  }
}
