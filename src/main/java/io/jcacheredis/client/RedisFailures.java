package io.jcacheredis.client;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import java.net.SocketTimeoutException;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The client's command executor: runs each command on a pooled connection once its {@link ConnectionGate} admits it,
 * and turns Jedis exceptions into {@link RedisFailureException}s that say which server failed (host, port, database;
 * never the password), with the Jedis exception as cause. A connection the server closes after a protocol error (a
 * request over its size limit) is dropped from the pool rather than handed to the next caller. When the server has
 * closed a connection (a restart, a failover, its idle timeout), the pool's idle connections are closed too (each
 * would otherwise fail one more call), and a read is sent once more on a fresh connection. Pipelines call {@link
 * #translate} themselves.
 */
public final class RedisFailures implements CommandExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RedisFailures.class);
  /**
   * Commands that only read: sent once more after the server closed their connection, whether or not they ran (a
   * write could run twice).
   */
  private static final Set<ProtocolCommand> READS = Set.of(Protocol.Command.GET, Protocol.Command.MGET,
      Protocol.Command.EXISTS, Protocol.Command.PTTL, Protocol.Command.TTL, Protocol.Command.SCAN,
      Protocol.Command.STRLEN, Protocol.Command.TYPE, Protocol.Command.PING);

  private final ConnectionProvider connections;
  private final ConnectionGate gate;
  private final RedisEndpoint endpoint;

  RedisFailures(ConnectionProvider connections, ConnectionGate gate, RedisEndpoint endpoint) {
    this.connections = connections;
    this.gate = gate;
    this.endpoint = endpoint;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    gate.enter();
    try {
      return execute(command);
    } finally {
      gate.exit();
    }
  }

  private <T> T execute(CommandObject<T> command) {
    try {
      return onPooledConnection(command);
    } catch (JedisConnectionException e) {
      if (!closedByServer(e)) {
        throw translate(e, endpoint);
      }
      dropIdleConnections();
      if (!onlyReads(command.getArguments())) {
        throw translate(e, endpoint);
      }
      try {
        return onPooledConnection(command); // a read changes nothing: once more, on a fresh connection
      } catch (JedisException again) {
        if (again != e) {
          again.addSuppressed(e);
        }
        throw translate(again, endpoint);
      }
    } catch (JedisNoScriptException e) {
      throw e; // handled by LuaScript, which loads the script and retries
    } catch (JedisException e) {
      throw translate(e, endpoint);
    }
  }

  /** Whether the command only reads (sent again after the server closed its connection: it changes nothing). */
  static boolean onlyReads(CommandArguments arguments) {
    return READS.contains(arguments.getCommand());
  }

  private <T> T onPooledConnection(CommandObject<T> command) {
    try (Connection connection = connections.getConnection(command.getArguments())) {
      try {
        return connection.executeCommand(command);
      } catch (JedisDataException e) {
        if (closesConnection(e)) {
          connection.setBroken();
        }
        throw e;
      }
    }
  }

  /**
   * Whether the server closed the connection (the end of the stream, a reset, a broken pipe), as it closes every
   * connection when it restarts or fails over, and idle ones after its {@code timeout}; not a read timing out.
   */
  static boolean closedByServer(JedisConnectionException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return false;
      }
      String message = cause.getMessage();
      if (message != null && (message.contains("Unexpected end of stream") || message.contains("Connection reset")
          || message.contains("Broken pipe"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The server closed a connection: the idle ones, opened before, are likely closed too, and each would fail the next
   * call made on it. They are closed now, so the next calls open fresh connections (the broken one was dropped as
   * the call returned it).
   */
  private void dropIdleConnections() {
    Pool<Connection> pool = ServerClient.pool(connections);
    int idle = pool.getNumIdle();
    pool.clear();
    if (idle > 0) {
      LOG.info("Redis at {} closed a connection (restarted, failed over, or closed idle connections): {} idle "
          + "connection(s) of the pool closed too, so that no later call fails on one", endpoint, idle);
    }
  }

  /** Redis answers a malformed or oversized request with a protocol error and then closes the connection. */
  static boolean closesConnection(JedisDataException e) {
    return e.getMessage() != null && e.getMessage().contains("Protocol error");
  }

  public static RedisFailureException translate(JedisException e, RedisEndpoint endpoint) {
    String what = e instanceof JedisConnectionException ? "Cannot reach Redis at " : "Redis at ";
    return new RedisFailureException(what + endpoint + " (" + detail(e) + ")", e);
  }

  private static String detail(JedisException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (detail.contains("invalid bulk length")) {
      detail += "; the value is larger than the server accepts (its proto-max-bulk-len setting)";
    }
    return detail;
  }

  /**
   * The failure of a command sent to a Redis Cluster: {@code where} names the node and the cluster (never a
   * password). The cluster executor's own exceptions ("No more cluster attempts left.") carry the real failure as
   * cause or suppressed exception: its message is added, and a connection failure there makes it a "Cannot reach".
   */
  static RedisFailureException translateCluster(JedisException e, String where) {
    String what = unreachable(e) ? "Cannot reach Redis at " : "Redis at ";
    StringBuilder detail = new StringBuilder(detail(e));
    Throwable underlying = underlying(e);
    for (int depth = 0; underlying != null && depth < 3; depth++, underlying = underlying(underlying)) {
      String message = underlying.getMessage();
      if (message != null && detail.indexOf(message) < 0) {
        detail.append("; ").append(message);
      }
    }
    if (causedBy(e, SSLException.class)) {
      detail.append("; check " + RedisSettings.SSL_TRUSTSTORE + " (the CA of the nodes' certificates) and that the"
          + " certificates name the addresses the nodes announce");
    }
    return new RedisFailureException(what + where + " (" + detail + ")", e);
  }

  private static boolean unreachable(JedisException e) {
    return causedBy(e, JedisConnectionException.class);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++, t = underlying(t)) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The cause, else the first suppressed exception (how Jedis' cluster executor reports its last failure). */
  private static Throwable underlying(Throwable e) {
    if (e.getCause() != null && e.getCause() != e) {
      return e.getCause();
    }
    return e.getSuppressed().length > 0 ? e.getSuppressed()[0] : null;
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // AutoCloseable's signature; the pools' close throws no checked exception
      throw new IllegalStateException("Closing the connections to " + endpoint + " failed: " + e, e);
    }
  }
}
