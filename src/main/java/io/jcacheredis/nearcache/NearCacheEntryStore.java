package io.jcacheredis.nearcache;

import io.jcacheredis.store.CompareAndSet;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.KeyScanner;
import io.jcacheredis.store.TimedValue;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.ValueReader;
import io.jcacheredis.store.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@link EntryStore} of a near-cached cache: a decorator of the manager's store that serves {@code get},
 * {@code getAll} and {@code exists} from the cache's {@link LocalEntries} when it holds the key, and otherwise reads
 * the value with its TTL in one round trip and keeps it (a reserved read, see {@link LocalEntries}). Every write
 * forgets the keys it touches before it is sent and again after its reply, so a read of this JVM that fetched the
 * old value meanwhile cannot keep it (read-your-writes), whatever the order of the invalidation Redis sends back.
 *
 * <p>While invalidation is live, a {@link #put} (whose reply tells what it stored) goes over the tracking connection
 * instead (on a cluster: that of the master owning the key's slot; {@link TrackingState#ownWrites()}: Redis does not
 * announce its plain commands back, only a script's writes), and what it stored is kept locally, with the TTL it left
 * ({@link LocalEntries#beginWrite}). Other writes, writes while invalidation is not live, and on a cluster a put
 * whose master has no live tracking connection or answers MOVED or ASK ({@link UntrackedWrite}: sent again through
 * the pool) drop the key. A compare-and-set is
 * always a script (Redis before 8.4 has no native one), whose write Redis would announce back whatever connection
 * sent it: it drops the key too, and what it stored is remembered as the guess of the next one ({@link
 * #lastStored}). Reads that touch the TTL ({@link #getAndTouch} with an access TTL) go to Redis, which applies it.
 */
final class NearCacheEntryStore implements EntryStore {

  /** What a write left in Redis as its reply tells: a value and its TTL, or nothing to keep. */
  private record Left(byte[] value, Ttl ttl) {
    static final Left NOTHING = new Left(null, Ttl.EXPIRED);
  }

  /** The store over the tracking connection of one live generation. */
  private record OwnStore(TrackingState.OwnWrites writes, EntryStore store) {
  }

  private final EntryStore store;
  private final LocalEntries local;
  private final LastStored lastStored;
  private final TrackingState tracking;
  private final Function<UnifiedJedis, EntryStore> storeOver;
  private volatile OwnStore ownStore;

  /**
   * @param store the cache's store (through the pool)
   * @param tracking whether invalidation is live, and the client of the tracking connection
   * @param storeOver the cache's store over a client of the tracking connection (decorated as {@code store} is)
   */
  NearCacheEntryStore(EntryStore store, LocalEntries local, LastStored lastStored, TrackingState tracking,
      Function<UnifiedJedis, EntryStore> storeOver) {
    this.store = store;
    this.local = local;
    this.lastStored = lastStored;
    this.tracking = tracking;
    this.storeOver = storeOver;
  }

  @Override
  public int failureGroup(byte[] key) {
    return store.failureGroup(key);
  }

  @Override
  public int failureGroup(List<byte[]> keys) {
    return store.failureGroup(keys);
  }

  @Override
  public byte[] get(byte[] key) {
    ByteKey localKey = new ByteKey(key);
    byte[] value = local.get(localKey);
    return value != null ? value : readAndKeep(key, localKey);
  }

  private byte[] readAndKeep(byte[] key, ByteKey localKey) {
    LocalEntries.Reservation reservation = local.reserve(localKey);
    if (reservation == null) {
      return store.get(key);
    }
    TimedValue read;
    try {
      read = store.getWithTtl(key);
    } catch (RuntimeException e) {
      local.release(localKey, reservation);
      throw e;
    }
    local.install(localKey, reservation, read);
    return read.value();
  }

  @Override
  public TimedValue getWithTtl(byte[] key) {
    return store.getWithTtl(key);
  }

  @Override
  public List<TimedValue> getAllWithTtl(List<byte[]> keys) {
    return store.getAllWithTtl(keys);
  }

  /** An access TTL is Redis's to apply: sent there, the local copy forgotten; without one, a plain {@link #get}. */
  @Override
  public byte[] getAndTouch(byte[] key, Ttl access) {
    if (access.kind() == Ttl.Kind.KEEP) {
      return get(key);
    }
    return write(key, () -> store.getAndTouch(key, access));
  }

  /**
   * Without an access TTL, the local value where kept, read by {@code reader} only the first time when it may be
   * shared; otherwise as {@link #getAndTouch}.
   */
  @Override
  public <K, T> T read(byte[] key, Ttl access, K about, ValueReader<K, T> reader) {
    if (access.kind() != Ttl.Kind.KEEP) {
      return reader.read(about, getAndTouch(key, access));
    }
    ByteKey localKey = new ByteKey(key);
    LocalEntries.Held held = local.held(localKey);
    return held != null ? held.read(about, reader) : reader.read(about, readAndKeep(key, localKey));
  }

  @Override
  public boolean exists(byte[] key) {
    return local.get(new ByteKey(key)) != null || store.exists(key);
  }

  /** The local values where kept; the other keys read from Redis with their TTLs in one round trip, and kept. */
  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    byte[][] values = new byte[keys.size()][];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      values[i] = local.get(new ByteKey(keys.get(i)));
      if (values[i] == null) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      readAndKeepAll(keys, missing, values);
    }
    return Arrays.asList(values);
  }

  private void readAndKeepAll(List<byte[]> keys, List<Integer> missing, byte[][] values) {
    List<byte[]> missingKeys = new ArrayList<>(missing.size());
    List<ByteKey> localKeys = new ArrayList<>(missing.size());
    List<LocalEntries.Reservation> reservations = new ArrayList<>(missing.size());
    boolean anyReserved = false;
    for (int index : missing) {
      byte[] key = keys.get(index);
      ByteKey localKey = new ByteKey(key);
      LocalEntries.Reservation reservation = local.reserve(localKey);
      anyReserved |= reservation != null;
      missingKeys.add(key);
      localKeys.add(localKey);
      reservations.add(reservation);
    }
    if (!anyReserved) {
      List<byte[]> read = store.getAll(missingKeys);
      for (int i = 0; i < missing.size(); i++) {
        values[missing.get(i)] = read.get(i);
      }
      return;
    }
    List<TimedValue> read;
    try {
      read = store.getAllWithTtl(missingKeys);
    } catch (RuntimeException e) {
      for (int i = 0; i < reservations.size(); i++) {
        if (reservations.get(i) != null) {
          local.release(localKeys.get(i), reservations.get(i));
        }
      }
      throw e;
    }
    for (int i = 0; i < missing.size(); i++) {
      TimedValue value = read.get(i);
      values[missing.get(i)] = value.value();
      if (reservations.get(i) != null) {
        local.install(localKeys.get(i), reservations.get(i), value);
      }
    }
  }

  /**
   * Kept as it was stored, with the create or update TTL as the entry did not or did exist; where that matters for an
   * unconditional write, the previous value is asked for (a plain SET does not tell whether the entry existed).
   */
  @Override
  public WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    boolean askOld = returnOld || condition == Condition.ALWAYS && !sameTtl(create, update);
    return writeAndKeep(key, pooled -> pooled.put(key, value, condition, create, update, returnOld),
        own -> own.put(key, value, condition, create, update, askOld),
        result -> result.written() ? new Left(value, result.existed() ? update : create) : Left.NOTHING);
  }

  private static boolean sameTtl(Ttl one, Ttl other) {
    return one.kind() == other.kind() && one.millis() == other.millis() && one.kind() != Ttl.Kind.KEEP;
  }

  @Override
  public List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update,
      boolean returnOld) {
    return writeAll(keys, () -> store.putAll(keys, values, create, update, returnOld));
  }

  @Override
  public byte[] lastStored(byte[] key) {
    return lastStored.get(new ByteKey(key));
  }

  /**
   * As every write; what an applied one stored is remembered as the next compare-and-set's guess ({@link
   * LastStored}).
   */
  @Override
  public boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return write(key, () -> {
      boolean applied = store.compareAndSet(key, expected, value, ttl, touchOnly);
      if (applied && value != null && !ttl.isExpired()) {
        lastStored.remember(new ByteKey(key), value);
      }
      return applied;
    });
  }

  @Override
  public List<Boolean> compareAndSetAll(List<CompareAndSet> requests) {
    List<byte[]> keys = new ArrayList<>(requests.size());
    for (CompareAndSet request : requests) {
      keys.add(request.key());
    }
    return writeAll(keys, () -> store.compareAndSetAll(requests));
  }

  @Override
  public byte[] getAndDelete(byte[] key) {
    return write(key, () -> store.getAndDelete(key));
  }

  @Override
  public List<byte[]> getAndDeleteAll(List<byte[]> keys) {
    return writeAll(keys, () -> store.getAndDeleteAll(keys));
  }

  @Override
  public boolean delete(byte[] key) {
    return write(key, () -> store.delete(key));
  }

  @Override
  public long unlink(List<byte[]> keys) {
    return writeAll(keys, () -> store.unlink(keys));
  }

  @Override
  public int removeIfEquals(byte[] key, byte[] expected) {
    return write(key, () -> store.removeIfEquals(key, expected));
  }

  @Override
  public int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update) {
    return write(key, () -> store.replaceIfEquals(key, expected, value, update));
  }

  @Override
  public long pttl(byte[] key) {
    return store.pttl(key);
  }

  @Override
  public boolean setTtlIfExists(byte[] key, Ttl ttl) {
    return write(key, () -> store.setTtlIfExists(key, ttl));
  }

  @Override
  public Long increment(byte[] key, long delta, Ttl update) {
    return write(key, () -> store.increment(key, delta, update));
  }

  @Override
  public KeyScanner scanner(byte[] pattern, int count) {
    return store.scanner(pattern, count);
  }

  /**
   * Runs a change of one key, forgetting the key before and after (also when the change fails), and what this JVM
   * last stored for it (before: a compare-and-set remembers its own afterwards).
   */
  private <T> T write(byte[] key, Supplier<T> change) {
    ByteKey localKey = new ByteKey(key);
    local.invalidate(localKey);
    lastStored.forget(localKey);
    try {
      return change.get();
    } finally {
      local.invalidate(localKey);
    }
  }

  /**
   * Runs a change of one key over the tracking connection, keeping what it {@code left} ({@link
   * LocalEntries#endWrite}), when that connection's writes are not announced back now; else (also when it was not
   * sent over the tracking connection of the key's master, {@link UntrackedWrite}) {@code pooledChange} as {@link
   * #write}, over the cache's store.
   */
  private <T> T writeAndKeep(byte[] key, Function<EntryStore, T> pooledChange, Function<EntryStore, T> change,
      Function<T, Left> left) {
    OwnStore own = ownStore();
    if (own == null) {
      return write(key, () -> pooledChange.apply(store));
    }
    ByteKey localKey = new ByteKey(key);
    lastStored.forget(localKey);
    LocalEntries.Write write = local.beginWrite(localKey, own.writes().generation());
    T result;
    try {
      result = change.apply(own.store());
    } catch (UntrackedWrite e) {
      local.endWrite(localKey, write, null, Ttl.EXPIRED);
      return write(key, () -> pooledChange.apply(store));
    } catch (RuntimeException e) {
      local.endWrite(localKey, write, null, Ttl.EXPIRED);
      throw e;
    }
    Left after = left.apply(result);
    local.endWrite(localKey, write, after.value(), after.ttl());
    return result;
  }

  /** The store over the tracking connection whose writes are not announced back now, or null (none, or dark). */
  private OwnStore ownStore() {
    TrackingState.OwnWrites writes = tracking.ownWrites();
    if (writes == null) {
      return null;
    }
    OwnStore current = ownStore;
    if (current == null || current.writes() != writes) {
      current = new OwnStore(writes, storeOver.apply(writes.client()));
      ownStore = current;
    }
    return current;
  }

  /** Runs a change of many keys, forgetting them before and after (also when the change fails). */
  private <T> T writeAll(List<byte[]> keys, Supplier<T> change) {
    invalidateAll(keys);
    try {
      return change.get();
    } finally {
      invalidateAll(keys);
    }
  }

  private void invalidateAll(List<byte[]> keys) {
    for (byte[] key : keys) {
      ByteKey localKey = new ByteKey(key);
      local.invalidate(localKey);
      lastStored.forget(localKey);
    }
  }
}
