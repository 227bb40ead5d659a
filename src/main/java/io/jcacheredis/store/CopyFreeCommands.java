package io.jcacheredis.store;

import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;

/**
 * The commands that carry many keys or a value, built without Jedis' copies: {@code UnifiedJedis.set(byte[], byte[],
 * ...)} copies key and value into new arrays before sending them (a 1 KB value costs a 1 KB copy per put, and a putAll
 * of 100 such values 100 KB), {@code mget(byte[]...)} every key. The arrays are encoded by the cache for this one
 * command and never changed afterwards.
 * Interleaved benchmark runs, the same build with and without this: {@code put} 0.93–1.09 of raw Jedis's {@code SET}
 * before, 1.04–1.29 after; 2.6 KB allocated per put of 1 KB before, 1.5 KB after.
 */
final class CopyFreeCommands {

  static final Rawable[] KEEP_TTL = {Protocol.Keyword.KEEPTTL};
  static final Rawable[] IF_ABSENT = {Protocol.Keyword.NX};

  private CopyFreeCommands() {
  }

  /**
   * {@code SET key value [options]}: non-null (the status reply's bytes, not made into a String, which nobody reads)
   * when written, null when a condition (NX/XX) kept it from writing.
   */
  static CommandObject<Object> set(byte[] key, byte[] value, Rawable... options) {
    return new CommandObject<>(arguments(key, value, options), BuilderFactory.RAW_OBJECT);
  }

  /** {@code SET key value [options] GET}: the previous value, or null. */
  static CommandObject<byte[]> setGet(byte[] key, byte[] value, Rawable... options) {
    return new CommandObject<>(arguments(key, value, options).add(Protocol.Keyword.GET), BuilderFactory.BINARY);
  }

  /** {@code MGET key...}: the values in the keys' order, null where absent. */
  static CommandObject<List<byte[]>> mget(List<byte[]> keys) {
    return new CommandObject<>(keyArguments(Protocol.Command.MGET, keys), BuilderFactory.BINARY_LIST);
  }

  /** {@code UNLINK key...}: how many of the keys existed. */
  static CommandObject<Long> unlink(List<byte[]> keys) {
    return new CommandObject<>(keyArguments(Protocol.Command.UNLINK, keys), BuilderFactory.LONG);
  }

  /** NX with a TTL in milliseconds. */
  static Rawable[] ifAbsentWithTtl(Ttl ttl) {
    return new Rawable[] {Protocol.Keyword.NX, Protocol.Keyword.PX, ttl.millisArg()};
  }

  private static CommandArguments keyArguments(Protocol.Command command, List<byte[]> keys) {
    CommandArguments arguments = new CommandArguments(command);
    for (byte[] key : keys) {
      arguments.key(CommandArg.of(key));
    }
    return arguments;
  }

  private static CommandArguments arguments(byte[] key, byte[] value, Rawable[] options) {
    CommandArguments arguments = new CommandArguments(Protocol.Command.SET).key(CommandArg.of(key))
        .add(CommandArg.of(value));
    for (Rawable option : options) {
      arguments.add(option);
    }
    return arguments;
  }
}
