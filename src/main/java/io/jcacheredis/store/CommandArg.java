package io.jcacheredis.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import redis.clients.jedis.args.Rawable;

/**
 * A command argument handed to Jedis as it is. Jedis copies every {@code byte[]} argument into a new array of its
 * own (and encodes every number through a String); the scripts' arguments are mostly constants and already-encoded
 * keys and values, so they go through this wrapper instead: one small object per per-call argument, none for a
 * constant. The bytes must not change until the command is sent.
 */
final class CommandArg implements Rawable {

  static final CommandArg EMPTY = new CommandArg(new byte[0]);

  private final byte[] bytes;

  private CommandArg(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps (does not copy) {@code bytes}. */
  static CommandArg of(byte[] bytes) {
    return new CommandArg(bytes);
  }

  /** An argument holding the ASCII text, for constants. */
  static CommandArg ascii(String text) {
    return new CommandArg(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public byte[] getRaw() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rawable && Arrays.equals(bytes, ((Rawable) other).getRaw());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
