package io.jcacheredis.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/** Which commands the multiplexed mode keeps off its shared connections (no server needed). */
class DedicatedCommandsTest {

  private static boolean own(ProtocolCommand command) {
    return DedicatedCommands.needOwnConnection(new CommandArguments(command));
  }

  @Test
  void blockingTransactionalAndStatefulCommandsNeedAConnectionOfTheirOwn() {
    for (Protocol.Command command : new Protocol.Command[] {Protocol.Command.MULTI, Protocol.Command.EXEC,
        Protocol.Command.WATCH, Protocol.Command.BLPOP, Protocol.Command.BZPOPMIN, Protocol.Command.SUBSCRIBE,
        Protocol.Command.SELECT, Protocol.Command.CLIENT, Protocol.Command.XREAD, Protocol.Command.WAIT}) {
      assertTrue(own(command), command.name());
    }
    assertTrue(own(() -> SafeEncoder.encode("blmpop")), "a command Jedis' enum may not know, by its name");
  }

  @Test
  void theCachesCommandsAreMultiplexed() {
    for (Protocol.Command command : new Protocol.Command[] {Protocol.Command.GET, Protocol.Command.SET,
        Protocol.Command.MGET, Protocol.Command.UNLINK, Protocol.Command.EVALSHA, Protocol.Command.EVAL,
        Protocol.Command.SCAN, Protocol.Command.PTTL, Protocol.Command.GETEX, Protocol.Command.HGETALL}) {
      assertFalse(own(command), command.name());
    }
  }
}
