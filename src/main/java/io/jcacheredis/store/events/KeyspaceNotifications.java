package io.jcacheredis.store.events;

import io.jcacheredis.client.DedicatedConnections.Connector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on Redis's keyspace notifications of expired keys ({@code notify-keyspace-events} with {@code E}, keyevent,
 * and {@code x}, expired) on each master, keeping the flags already set; where the server refuses (CONFIG disabled
 * or renamed, an ACL without it), one WARN naming the setting to change.
 */
final class KeyspaceNotifications {

  static final String SETTING = "notify-keyspace-events";
  private static final Logger LOG = LoggerFactory.getLogger(KeyspaceNotifications.class);

  private KeyspaceNotifications() {
  }

  /** Makes sure each master sends expired keyevents; a WARN per master where it cannot. */
  static void enableExpired(List<Connector> masters) {
    for (Connector master : masters) {
      String flags = null;
      try (Connection connection = master.open().get()) {
        flags = current(connection);
        String wanted = withExpired(flags);
        if (!wanted.equals(flags)) {
          connection.executeCommand(new CommandArguments(Protocol.Command.CONFIG).add("SET").add(SETTING)
              .add(wanted));
          LOG.info("Cache entry events: set {} of {} from '{}' to '{}' for EXPIRED listeners", SETTING, master.node(),
              flags, wanted);
        }
      } catch (JedisException e) {
        LOG.warn("Cache entry events: EXPIRED listeners hear nothing of entries that expire on {}: its {} is {} and"
            + " the provider cannot change it ({}). Set {} to include 'Ex' on the server (redis.conf, or CONFIG SET"
            + " {} Ex)", master.node(), SETTING, flags == null ? "unknown" : "'" + flags + "'", e.getMessage(),
            SETTING, SETTING);
      }
    }
  }

  private static String current(Connection connection) {
    Object reply = connection.executeCommand(new CommandArguments(Protocol.Command.CONFIG).add("GET").add(SETTING));
    List<?> pair = (List<?>) reply;
    return pair.size() < 2 ? "" : new String((byte[]) pair.get(1), StandardCharsets.UTF_8);
  }

  /** The flags with keyevent ('E') and expired ('x', also part of 'A') added where missing. */
  static String withExpired(String flags) {
    StringBuilder wanted = new StringBuilder(flags);
    if (flags.indexOf('E') < 0) {
      wanted.append('E');
    }
    if (flags.indexOf('x') < 0 && flags.indexOf('A') < 0) {
      wanted.append('x');
    }
    return wanted.toString();
  }
}
