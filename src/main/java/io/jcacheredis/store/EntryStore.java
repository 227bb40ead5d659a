package io.jcacheredis.store;

import io.jcacheredis.codec.DecimalLong;
import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.store.ClusterClient.KeyByKey;
import io.jcacheredis.store.ClusterClient.Routed;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.GetExParams;

/**
 * Every Redis command the caches send, on encoded keys and values. Each method is one round trip; each multi-key
 * method is one pipeline. Native commands are used where they express the operation (SET KEEPTTL, SET NX, GETDEL,
 * GETEX, MGET), Lua scripts where a decision must be atomic with the write.
 *
 * <p>On a Redis Cluster ({@link ClusterClient}) single-key commands and scripts go to the master of their key's slot;
 * no command ever names keys of two slots: MGET and UNLINK are sent once per slot, and every multi-key method is one
 * pipeline per master (the masters in parallel). SCAN ({@link #scanner}) walks every master.
 */
public final class EntryStore {

  /** When a conditional write may happen. */
  public enum Condition {
    ALWAYS("*"), IF_ABSENT("a"), IF_PRESENT("p");

    final CommandArg code;

    Condition(String code) {
      this.code = CommandArg.ascii(code);
    }
  }

  /** The failure group of keys that fail together with no others (see {@link #failureGroup(byte[])}). */
  public static final int NO_FAILURE_GROUP = -1;

  private static final LuaScript PUT = LuaScript.load("put");
  private static final LuaScript CAS = LuaScript.load("cas");
  private static final LuaScript EXPIRE_IF_EXISTS = LuaScript.load("expire_if_exists");
  private static final LuaScript INCREMENT = LuaScript.load("increment");
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

  private final UnifiedJedis redis;
  private final RedisEndpoint endpoint;
  /** The same client when it is a cluster's, else null. */
  private final ClusterClient cluster;

  /** A store over a client from {@link RedisClients} (whose commands already fail as CacheException). */
  public EntryStore(UnifiedJedis redis, RedisEndpoint endpoint) {
    this.redis = redis;
    this.endpoint = endpoint;
    this.cluster = redis instanceof ClusterClient ? (ClusterClient) redis : null;
  }

  /**
   * Which keys fail together when Redis does not answer (see {@code KeyLock}): on one server all of them (group 0),
   * on a cluster those of one hash slot (its number), as other slots may be served by another master.
   */
  public int failureGroup(byte[] key) {
    return cluster == null ? 0 : ClusterClient.slot(key);
  }

  /** The failure group of these keys together: on a cluster none ({@link #NO_FAILURE_GROUP}); they span masters. */
  public int failureGroup(List<byte[]> keys) {
    return cluster == null ? 0 : NO_FAILURE_GROUP;
  }

  public byte[] get(byte[] key) {
    return redis.get(key);
  }

  /** Reads a value and applies an access TTL in the same command (GETEX / GETDEL). */
  public byte[] getAndTouch(byte[] key, Ttl access) {
    switch (access.kind()) {
      case KEEP:
        return redis.get(key);
      case EXPIRED:
        return redis.getDel(key);
      case ETERNAL:
        return redis.getEx(key, GetExParams.getExParams().persist());
      default:
        return redis.getEx(key, GetExParams.getExParams().px(access.millis()));
    }
  }

  public boolean exists(byte[] key) {
    return redis.exists(key);
  }

  /** Values for the keys in order, null where absent: one MGET (in a cluster: one per slot, one pipeline). */
  public List<byte[]> getAll(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    if (cluster != null) {
      return clusterGetAll(keys);
    }
    return redis.executeCommand(CopyFreeCommands.mget(keys));
  }

  private List<byte[]> clusterGetAll(List<byte[]> keys) {
    Map<Integer, List<Integer>> bySlot = bySlot(keys);
    List<List<Integer>> groups = new ArrayList<>(bySlot.size());
    List<Routed> commands = new ArrayList<>(bySlot.size());
    bySlot.forEach((slot, group) -> {
      groups.add(group);
      List<byte[]> slotKeys = select(keys, group);
      // Key by key (GET each) when a migration splits the slot's keys: the values in the same order.
      commands.add(new Routed(slot, CopyFreeCommands.mget(slotKeys),
          new KeyByKey(slotKeys, ClusterClient.COMMANDS::get, values -> values)));
    });
    List<Object> replies = cluster.pipeline(commands, null);
    byte[][] values = new byte[keys.size()][];
    for (int g = 0; g < groups.size(); g++) {
      List<?> groupValues = (List<?>) replies.get(g);
      List<Integer> group = groups.get(g);
      for (int k = 0; k < group.size(); k++) {
        values[group.get(k)] = (byte[]) groupValues.get(k);
      }
    }
    return Arrays.asList(values);
  }

  /** The indices of the keys grouped by hash slot, in order of first appearance. */
  private static Map<Integer, List<Integer>> bySlot(List<byte[]> keys) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      groups.computeIfAbsent(ClusterClient.slot(keys.get(i)), slot -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  private static List<byte[]> select(List<byte[]> keys, List<Integer> indices) {
    List<byte[]> selected = new ArrayList<>(indices.size());
    for (int index : indices) {
      selected.add(keys.get(index));
    }
    return selected;
  }

  /**
   * Writes a value whose TTL depends on whether the entry exists. Uses SET / SET NX directly when the TTLs make the
   * existence check unnecessary, the {@code put} script otherwise.
   */
  public WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    if (condition == Condition.ALWAYS && create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP) {
      if (returnOld) {
        byte[] old = redis.executeCommand(CopyFreeCommands.setGet(key, value, CopyFreeCommands.KEEP_TTL));
        return new WriteResult(old != null, true, old);
      }
      redis.executeCommand(CopyFreeCommands.set(key, value, CopyFreeCommands.KEEP_TTL));
      return WriteResult.STORED;
    }
    if (condition == Condition.IF_ABSENT && !create.isExpired()) {
      boolean written = redis.executeCommand(CopyFreeCommands.set(key, value, create.kind() == Ttl.Kind.MILLIS
          ? CopyFreeCommands.ifAbsentWithTtl(create) : CopyFreeCommands.IF_ABSENT)) != null;
      return written ? WriteResult.STORED : WriteResult.KEPT;
    }
    return toWriteResult(PUT.run(redis, key, putArgs(value, condition, create, update, returnOld)));
  }

  /** {@link #put} for many entries in one pipeline. */
  public List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update, boolean returnOld) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    boolean plainSet = create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP && !returnOld;
    List<Object> replies = pipeline(keys, i -> plainSet
        ? CopyFreeCommands.set(keys.get(i), values.get(i), CopyFreeCommands.KEEP_TTL)
        : PUT.command(keys.get(i), putArgs(values.get(i), Condition.ALWAYS, create, update, returnOld)),
        plainSet ? null : PUT);
    if (plainSet) {
      return Collections.nCopies(keys.size(), WriteResult.STORED);
    }
    List<WriteResult> results = new ArrayList<>(keys.size());
    for (Object reply : replies) {
      results.add(toWriteResult(reply));
    }
    return results;
  }

  /**
   * Sends {@code commandAt(i)} for each key as one pipeline (in a cluster: one per master, the masters in parallel)
   * and returns their replies in order. A {@code script} the server has forgotten (NOSCRIPT) is loaded and the
   * pipeline sent again; any error reply fails the call. On one server the replies are read from the pipeline's own
   * responses, not copied: a putAll of 100 entries allocates no list beyond the pipeline's.
   */
  private List<Object> pipeline(List<byte[]> keys, IntFunction<CommandObject<?>> commandAt, LuaScript script) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    if (cluster != null) {
      List<Routed> routed = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        routed.add(new Routed(ClusterClient.slot(keys.get(i)), commandAt.apply(i)));
      }
      return cluster.pipeline(routed, script);
    }
    try {
      try {
        return sendPipeline(keys.size(), commandAt);
      } catch (JedisNoScriptException e) {
        if (script == null) {
          throw e;
        }
        script.preload(redis, keys.get(0));
        return sendPipeline(keys.size(), commandAt);
      }
    } catch (JedisException e) {
      throw RedisFailures.translate(e, endpoint);
    }
  }

  private List<Object> sendPipeline(int size, IntFunction<CommandObject<?>> commandAt) {
    List<Response<?>> responses = new ArrayList<>(size);
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (int i = 0; i < size; i++) {
        responses.add(pipeline.executeCommand(commandAt.apply(i)));
      }
      pipeline.sync();
    }
    for (Response<?> response : responses) {
      response.get(); // throws the error a command was answered with
    }
    return new AbstractList<>() {
      @Override
      public Object get(int index) {
        return responses.get(index).get();
      }

      @Override
      public int size() {
        return responses.size();
      }
    };
  }

  private static CommandArg[] putArgs(byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    return new CommandArg[] {CommandArg.of(value), condition.code, create.codeArg(), create.millisArg(),
        update.codeArg(), update.millisArg(), returnOld ? ONE : ZERO};
  }

  private static WriteResult toWriteResult(Object reply) {
    List<?> parts = (List<?>) reply;
    boolean existed = ((Long) parts.get(0)) == 1L;
    boolean written = ((Long) parts.get(1)) == 1L;
    byte[] previous = parts.size() > 2 ? (byte[]) parts.get(2) : null;
    return new WriteResult(existed, written, previous);
  }

  /**
   * Commits a change only if the entry still holds {@code expected} (null: still absent). Returns false when it
   * changed meanwhile.
   *
   * @param value the new value, or null to delete the entry
   * @param ttl the TTL to apply with the new value (or alone, when {@code value} equals {@code expected} and
   *     {@code touchOnly} is set)
   */
  public boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return cas(key, expected, value, ttl, touchOnly) == 1;
  }

  /** {@link #compareAndSet} for many entries in one pipeline: whether each was applied, in order. */
  public List<Boolean> compareAndSetAll(List<CompareAndSet> requests) {
    List<byte[]> keys = new ArrayList<>(requests.size());
    for (CompareAndSet request : requests) {
      keys.add(request.key());
    }
    List<Boolean> applied = new ArrayList<>(requests.size());
    for (Object reply : pipeline(keys, i -> {
      CompareAndSet request = requests.get(i);
      return CAS.command(request.key(), casArgs(request.expected(), request.value(), request.ttl(),
          request.touchOnly()));
    }, CAS)) {
      applied.add((Long) reply == 1L);
    }
    return applied;
  }

  /** The cas script: 1 applied, 0 the entry differs from {@code expected}, -1 {@code expected} a value, found none. */
  private int cas(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return ((Long) CAS.run(redis, key, casArgs(expected, value, ttl, touchOnly))).intValue();
  }

  private static CommandArg[] casArgs(byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    CommandArg action = touchOnly ? TOUCH : value == null ? DELETE : SET;
    return new CommandArg[] {expected == null ? ABSENT : VALUE, expected == null ? EMPTY : CommandArg.of(expected),
        action, value == null ? EMPTY : CommandArg.of(value), ttl.codeArg(), ttl.millisArg()};
  }

  /** Deletes and returns the value (GETDEL). */
  public byte[] getAndDelete(byte[] key) {
    return redis.getDel(key);
  }

  /** GETDEL for each key in one pipeline; the previous values in order, null where absent. */
  public List<byte[]> getAndDeleteAll(List<byte[]> keys) {
    List<byte[]> previous = new ArrayList<>(keys.size());
    for (Object reply : pipeline(keys, i -> ClusterClient.COMMANDS.getDel(keys.get(i)), null)) {
      previous.add((byte[]) reply);
    }
    return previous;
  }

  public boolean delete(byte[] key) {
    return redis.del(key) > 0;
  }

  /** Deletes keys with UNLINK (memory freed off the main thread), one command (in a cluster: one per slot). */
  public long unlink(List<byte[]> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    if (cluster == null) {
      return redis.executeCommand(CopyFreeCommands.unlink(keys));
    }
    List<Routed> commands = new ArrayList<>();
    bySlot(keys).forEach((slot, group) -> {
      List<byte[]> slotKeys = select(keys, group);
      // Key by key when a migration splits the slot's keys: the number removed is the sum.
      commands.add(new Routed(slot, CopyFreeCommands.unlink(slotKeys),
          new KeyByKey(slotKeys, ClusterClient.COMMANDS::unlink, EntryStore::sum)));
    });
    long removed = 0;
    for (Object reply : cluster.pipeline(commands, null)) {
      removed += (Long) reply;
    }
    return removed;
  }

  private static Object sum(List<Object> counts) {
    long sum = 0;
    for (Object count : counts) {
      sum += (Long) count;
    }
    return sum;
  }

  /** -1 absent, 0 value differs, 1 deleted. */
  public int removeIfEquals(byte[] key, byte[] expected) {
    return cas(key, expected, null, Ttl.EXPIRED, false);
  }

  /** -1 absent, 0 value differs, 1 replaced. */
  public int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update) {
    return cas(key, expected, value, update, false);
  }

  /** PTTL: remaining milliseconds, -1 without expiry, -2 when absent. */
  public long pttl(byte[] key) {
    return redis.pttl(key);
  }

  /** Sets (MILLIS) or removes (ETERNAL) a key's TTL; returns whether the key existed. */
  public boolean setTtlIfExists(byte[] key, Ttl ttl) {
    return ((Long) EXPIRE_IF_EXISTS.run(redis, key, ttl.codeArg(), ttl.millisArg())) == 1L;
  }

  /**
   * INCRBY on an existing entry, then the update TTL; a missing entry is not created.
   *
   * @return the new value (the reply's own Long, not boxed again), or null when the entry is missing
   * @throws ArithmeticException with Redis's error text when the value is not an integer or the sum overflows
   */
  public Long increment(byte[] key, long delta, Ttl update) {
    Object reply = INCREMENT.run(redis, key, deltaArg(delta), update.codeArg(), update.millisArg());
    if (reply == null || reply instanceof Long) {
      return (Long) reply;
    }
    throw new ArithmeticException(new String((byte[]) reply, StandardCharsets.UTF_8));
  }

  private static CommandArg deltaArg(long delta) {
    return delta >= -SMALL_DELTA && delta < SMALL_DELTA ? SMALL_DELTAS[(int) delta + SMALL_DELTA]
        : CommandArg.of(DecimalLong.encode(delta));
  }

  /**
   * A walk over the keys matching a glob pattern, {@code count} being SCAN's COUNT hint: one SCAN cursor on one
   * server, one per master in a cluster. Sends nothing until its first step.
   */
  public KeyScanner scanner(byte[] pattern, int count) {
    return cluster != null ? new ClusterKeyScanner(cluster, pattern, count)
        : new ServerKeyScanner(redis, pattern, count);
  }
}
