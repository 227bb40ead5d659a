package io.jcacheredis.store;

import io.jcacheredis.client.ClusterClient;
import static io.jcacheredis.store.EntryScripts.CAS;
import static io.jcacheredis.store.EntryScripts.EXPIRE_IF_EXISTS;
import static io.jcacheredis.store.EntryScripts.GET_WITH_TTL;
import static io.jcacheredis.store.EntryScripts.INCREMENT;
import static io.jcacheredis.store.EntryScripts.PUT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.GetExParams;

/**
 * The commands both kinds of {@link EntryStore} send the same way: those on one key, which the client routes (on a
 * cluster to the master of the key's slot), and the multi-key writes built from them, sent as one {@link #pipeline}
 * whose routing each kind defines.
 */
abstract class AbstractEntryStore implements EntryStore {

  /** The client; its commands already fail as {@link io.jcacheredis.RedisFailureException}s. */
  final UnifiedJedis redis;

  AbstractEntryStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  /**
   * Sends {@code commandAt(i)} for each of the (non-empty) keys as one pipeline and returns their replies in order.
   * A {@code script} the server has forgotten (NOSCRIPT) is loaded and the commands sent again; any error reply
   * fails the call.
   */
  abstract List<Object> sendPipeline(List<byte[]> keys, IntFunction<CommandObject<?>> commandAt, LuaScript script);

  /** {@link #sendPipeline}, nothing sent for no keys. */
  List<Object> pipeline(List<byte[]> keys, IntFunction<CommandObject<?>> commandAt, LuaScript script) {
    return keys.isEmpty() ? Collections.emptyList() : sendPipeline(keys, commandAt, script);
  }

  @Override
  public byte[] get(byte[] key) {
    return redis.get(key);
  }

  @Override
  public TimedValue getWithTtl(byte[] key) {
    return EntryScripts.toTimedValue(GET_WITH_TTL.run(redis, key));
  }

  @Override
  public List<TimedValue> getAllWithTtl(List<byte[]> keys) {
    List<TimedValue> values = new ArrayList<>(keys.size());
    for (Object reply : pipeline(keys, i -> GET_WITH_TTL.command(keys.get(i)), GET_WITH_TTL)) {
      values.add(EntryScripts.toTimedValue(reply));
    }
    return values;
  }

  /** None: only a near cache remembers what was stored. */
  @Override
  public byte[] lastStored(byte[] key) {
    return null;
  }

  @Override
  public byte[] getAndTouch(byte[] key, Ttl access) {
    return redis.executeCommand(getAndTouchCommand(key, access));
  }

  @Override
  public <K, T> T read(byte[] key, Ttl access, K about, ValueReader<K, T> reader) {
    return reader.read(about, getAndTouch(key, access));
  }

  /** The command of {@link #getAndTouch}: GET, GETDEL or GETEX. */
  static CommandObject<byte[]> getAndTouchCommand(byte[] key, Ttl access) {
    switch (access.kind()) {
      case KEEP:
        return ClusterClient.COMMANDS.get(key);
      case EXPIRED:
        return ClusterClient.COMMANDS.getDel(key);
      case ETERNAL:
        return ClusterClient.COMMANDS.getEx(key, GetExParams.getExParams().persist());
      default:
        return ClusterClient.COMMANDS.getEx(key, GetExParams.getExParams().px(access.millis()));
    }
  }

  @Override
  public boolean exists(byte[] key) {
    return redis.exists(key);
  }

  @Override
  public WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    return send(putCall(key, value, condition, create, update, returnOld));
  }

  /**
   * What {@link #put} sends: SET KEEPTTL (with GET when the old value is wanted) or SET NX when the TTLs make the
   * existence check unnecessary, the {@code put} script otherwise.
   */
  static StoreCall<WriteResult> putCall(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update,
      boolean returnOld) {
    if (condition == Condition.ALWAYS && create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP) {
      if (returnOld) {
        return StoreCall.command(CopyFreeCommands.setGet(key, value, CopyFreeCommands.KEEP_TTL),
            old -> new WriteResult(old != null, true, (byte[]) old));
      }
      return StoreCall.command(CopyFreeCommands.set(key, value, CopyFreeCommands.KEEP_TTL), ok -> WriteResult.STORED);
    }
    if (condition == Condition.IF_ABSENT && !create.isExpired()) {
      return StoreCall.command(CopyFreeCommands.set(key, value, create.kind() == Ttl.Kind.MILLIS
          ? CopyFreeCommands.ifAbsentWithTtl(create) : CopyFreeCommands.IF_ABSENT),
          reply -> reply != null ? WriteResult.STORED : WriteResult.KEPT);
    }
    return StoreCall.script(PUT, key, EntryScripts.putArgs(value, condition, create, update, returnOld),
        EntryScripts::toWriteResult);
  }

  /** Sends one call and waits for its reply. */
  <R> R send(StoreCall<R> call) {
    Object reply = call.script() == null ? redis.executeCommand(call.command())
        : call.script().run(redis, call.key(), call.args());
    return call.result().apply(reply);
  }

  @Override
  public List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update, boolean returnOld) {
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    boolean plainSet = create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP && !returnOld;
    List<Object> replies = pipeline(keys, i -> plainSet
        ? CopyFreeCommands.set(keys.get(i), values.get(i), CopyFreeCommands.KEEP_TTL)
        : PUT.command(keys.get(i), EntryScripts.putArgs(values.get(i), Condition.ALWAYS, create, update, returnOld)),
        plainSet ? null : PUT);
    if (plainSet) {
      return Collections.nCopies(keys.size(), WriteResult.STORED);
    }
    List<WriteResult> results = new ArrayList<>(keys.size());
    for (Object reply : replies) {
      results.add(EntryScripts.toWriteResult(reply));
    }
    return results;
  }

  @Override
  public boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return cas(key, expected, value, ttl, touchOnly) == 1;
  }

  @Override
  public List<Boolean> compareAndSetAll(List<CompareAndSet> requests) {
    List<byte[]> keys = new ArrayList<>(requests.size());
    for (CompareAndSet request : requests) {
      keys.add(request.key());
    }
    List<Boolean> applied = new ArrayList<>(requests.size());
    for (Object reply : pipeline(keys, i -> {
      CompareAndSet request = requests.get(i);
      return CAS.command(request.key(), EntryScripts.casArgs(request.expected(), request.value(), request.ttl(),
          request.touchOnly()));
    }, CAS)) {
      applied.add((Long) reply == 1L);
    }
    return applied;
  }

  /** The cas script: 1 applied, 0 the entry differs from {@code expected}, -1 {@code expected} a value, found none. */
  private int cas(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return ((Long) CAS.run(redis, key, EntryScripts.casArgs(expected, value, ttl, touchOnly))).intValue();
  }

  @Override
  public byte[] getAndDelete(byte[] key) {
    return redis.getDel(key);
  }

  @Override
  public List<byte[]> getAndDeleteAll(List<byte[]> keys) {
    List<byte[]> previous = new ArrayList<>(keys.size());
    for (Object reply : pipeline(keys, i -> ClusterClient.COMMANDS.getDel(keys.get(i)), null)) {
      previous.add((byte[]) reply);
    }
    return previous;
  }

  @Override
  public boolean delete(byte[] key) {
    return redis.del(key) > 0;
  }

  @Override
  public int removeIfEquals(byte[] key, byte[] expected) {
    return cas(key, expected, null, Ttl.EXPIRED, false);
  }

  @Override
  public int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update) {
    return cas(key, expected, value, update, false);
  }

  @Override
  public long pttl(byte[] key) {
    return redis.pttl(key);
  }

  @Override
  public boolean setTtlIfExists(byte[] key, Ttl ttl) {
    return send(setTtlIfExistsCall(key, ttl));
  }

  /** What {@link #setTtlIfExists} sends: the {@code expire_if_exists} script. */
  static StoreCall<Boolean> setTtlIfExistsCall(byte[] key, Ttl ttl) {
    return StoreCall.script(EXPIRE_IF_EXISTS, key, new CommandArg[] {ttl.codeArg(), ttl.millisArg()},
        reply -> ((Long) reply) == 1L);
  }

  @Override
  public Long increment(byte[] key, long delta, Ttl update) {
    return send(incrementCall(key, delta, update));
  }

  /** What {@link #increment} sends: the {@code increment} script. */
  static StoreCall<Long> incrementCall(byte[] key, long delta, Ttl update) {
    return StoreCall.script(INCREMENT, key, new CommandArg[] {EntryScripts.deltaArg(delta), update.codeArg(),
        update.millisArg()}, AbstractEntryStore::incrementResult);
  }

  /** The {@code increment} script's reply as {@link #increment} returns it. */
  static Long incrementResult(Object reply) {
    if (reply == null || reply instanceof Long) {
      return (Long) reply;
    }
    throw new ArithmeticException(new String((byte[]) reply, StandardCharsets.UTF_8));
  }
}
