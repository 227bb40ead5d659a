package io.jcacheredis.store;

import java.util.function.Function;
import redis.clients.jedis.CommandObject;

/**
 * One operation of a store as one command, so that it can be sent blocking ({@link AbstractEntryStore#send}) or
 * without waiting ({@link AsyncServerEntryStore}): a command, or a script on one key with its arguments (EVALSHA,
 * EVAL after NOSCRIPT), and how the raw reply reads.
 *
 * @param command the command, or null for a script
 * @param script the script, or null for a command
 */
record StoreCall<R>(CommandObject<?> command, LuaScript script, byte[] key, CommandArg[] args,
    Function<Object, R> result) {

  static <R> StoreCall<R> command(CommandObject<?> command, Function<Object, R> result) {
    return new StoreCall<>(command, null, null, null, result);
  }

  static <R> StoreCall<R> script(LuaScript script, byte[] key, CommandArg[] args, Function<Object, R> result) {
    return new StoreCall<>(null, script, key, args, result);
  }
}
