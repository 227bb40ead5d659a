package io.jcacheredis.nearcache;

import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * A tracking connection that carries nothing but its {@code CLIENT TRACKING} and PINGs (every master of a cluster):
 * this JVM's writes go through the pools, and Redis announces them back like anyone's.
 */
final class PlainTracking implements TrackingLink {

  private static final CommandObject<String> PING = new CommandObject<>(
      new CommandArguments(Protocol.Command.PING), BuilderFactory.STRING);

  private final Connection connection;

  private PlainTracking(Connection connection) {
    this.connection = connection;
  }

  /** Opens a connection and sends {@code tracking} on it; an error reply is thrown as a JedisDataException. */
  static PlainTracking open(Supplier<Connection> connections, CommandArguments tracking, int timeoutMillis) {
    Connection connection = connections.get();
    try {
      connection.setSoTimeout(timeoutMillis);
      connection.executeCommand(new CommandObject<>(tracking, BuilderFactory.STRING));
      return new PlainTracking(connection);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public void ping() {
    connection.executeCommand(PING);
  }

  @Override
  public UnifiedJedis ownWrites() {
    return null;
  }

  @Override
  public void close() {
    connection.close();
  }
}
