package io.jcacheredis.store;

import io.jcacheredis.codec.DecimalLong;
import java.util.List;

/**
 * The Lua scripts of the entry commands ({@code put}, {@code cas}, {@code expire_if_exists}, {@code increment},
 * {@code get_with_ttl}) and
 * how their arguments and replies are encoded: the one-letter codes the scripts understand, shared by both kinds of
 * {@link EntryStore}. The writing scripts come twice: after the {@code no_events} prelude for the stores, and after
 * the {@code events} prelude, which publishes each change from the script that makes it, for {@link
 * PublishingEntryStore} (with {@code delete}, its GETDEL and DEL).
 */
final class EntryScripts {

  static final LuaScript PUT = LuaScript.load("no_events", "put");
  static final LuaScript CAS = LuaScript.load("no_events", "cas");
  static final LuaScript EXPIRE_IF_EXISTS = LuaScript.load("expire_if_exists");
  static final LuaScript INCREMENT = LuaScript.load("no_events", "increment");
  static final LuaScript PUBLISHING_PUT = LuaScript.load("events", "put");
  static final LuaScript PUBLISHING_CAS = LuaScript.load("events", "cas");
  static final LuaScript PUBLISHING_INCREMENT = LuaScript.load("events", "increment");
  static final LuaScript PUBLISHING_DELETE = LuaScript.load("events", "delete");
  static final LuaScript GET_WITH_TTL = LuaScript.load("get_with_ttl");

  private static final CommandArg ONE = CommandArg.ascii("1");
  private static final CommandArg ZERO = CommandArg.ascii("0");
  private static final CommandArg EMPTY = CommandArg.EMPTY;
  // cas.lua's argument codes
  private static final CommandArg ABSENT = CommandArg.ascii("a");
  private static final CommandArg VALUE = CommandArg.ascii("v");
  private static final CommandArg SET = CommandArg.ascii("s");
  private static final CommandArg DELETE = CommandArg.ascii("d");
  private static final CommandArg TOUCH = CommandArg.ascii("t");
  /** The usual deltas of incr/decr, -128..127, encoded once. */
  private static final int SMALL_DELTA = 128;
  private static final CommandArg[] SMALL_DELTAS = new CommandArg[2 * SMALL_DELTA];

  static {
    for (int i = 0; i < SMALL_DELTAS.length; i++) {
      SMALL_DELTAS[i] = CommandArg.of(DecimalLong.encode(i - SMALL_DELTA));
    }
  }

  private EntryScripts() {
  }

  /** The arguments of the {@code put} script. */
  static CommandArg[] putArgs(byte[] value, EntryStore.Condition condition, Ttl create, Ttl update,
      boolean returnOld) {
    return new CommandArg[] {CommandArg.of(value), condition.code, create.codeArg(), create.millisArg(),
        update.codeArg(), update.millisArg(), returnOld ? ONE : ZERO};
  }

  /** The {@code put} script's reply: existed (0/1), written (0/1), and the previous value when asked for. */
  static WriteResult toWriteResult(Object reply) {
    List<?> parts = (List<?>) reply;
    boolean existed = ((Long) parts.get(0)) == 1L;
    boolean written = ((Long) parts.get(1)) == 1L;
    byte[] previous = parts.size() > 2 ? (byte[]) parts.get(2) : null;
    return new WriteResult(existed, written, previous);
  }

  /** The arguments of the {@code cas} script (see {@link EntryStore#compareAndSet}). */
  static CommandArg[] casArgs(byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    CommandArg action = touchOnly ? TOUCH : value == null ? DELETE : SET;
    return new CommandArg[] {expected == null ? ABSENT : VALUE, expected == null ? EMPTY : CommandArg.of(expected),
        action, value == null ? EMPTY : CommandArg.of(value), ttl.codeArg(), ttl.millisArg()};
  }

  /** The {@code get_with_ttl} script's reply: the value (null when absent) and its PTTL. */
  static TimedValue toTimedValue(Object reply) {
    List<?> parts = (List<?>) reply;
    return new TimedValue((byte[]) parts.get(0), (Long) parts.get(1));
  }

  /** The delta of the {@code increment} script, encoded once for the usual small ones. */
  static CommandArg deltaArg(long delta) {
    return delta >= -SMALL_DELTA && delta < SMALL_DELTA ? SMALL_DELTAS[(int) delta + SMALL_DELTA]
        : CommandArg.of(DecimalLong.encode(delta));
  }
}
