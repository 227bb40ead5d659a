package io.jcacheredis.client;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The commands that must not share a multiplexed connection: they block it (BLPOP, WAIT, XREAD ... BLOCK), change
 * its state for later commands (MULTI/EXEC, WATCH, SELECT, AUTH, HELLO, CLIENT TRACKING or REPLY, READONLY), or turn
 * it into something else (SUBSCRIBE, MONITOR). They run on a pooled connection of their own.
 */
final class DedicatedCommands {

  private static final Set<String> NAMES = Set.of("MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SUBSCRIBE",
      "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "BLPOP", "BRPOP",
      "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "WAIT", "WAITAOF",
      "SELECT", "AUTH", "HELLO", "RESET", "QUIT", "CLIENT", "READONLY", "READWRITE", "ASKING", "SYNC", "PSYNC",
      "REPLCONF", "SHUTDOWN", "DEBUG");

  private static final Set<Protocol.Command> KNOWN = EnumSet.noneOf(Protocol.Command.class);

  static {
    for (Protocol.Command command : Protocol.Command.values()) {
      if (NAMES.contains(command.name())) {
        KNOWN.add(command);
      }
    }
  }

  private DedicatedCommands() {
  }

  /** Whether this command needs a connection of its own. */
  static boolean needOwnConnection(CommandArguments arguments) {
    ProtocolCommand command = arguments.getCommand();
    if (command instanceof Protocol.Command known) {
      return KNOWN.contains(known);
    }
    return NAMES.contains(SafeEncoder.encode(command.getRaw()).toUpperCase(Locale.ROOT));
  }
}
