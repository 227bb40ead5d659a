package io.jcacheredis.nearcache;

import io.jcacheredis.store.CompareAndSet;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.KeyScanner;
import io.jcacheredis.store.TimedValue;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link EntryStore} of a near-cached cache: a decorator of the manager's store that serves {@code get},
 * {@code getAll} and {@code exists} from the cache's {@link LocalEntries} when it holds the key, and otherwise reads
 * the value with its TTL in one round trip and keeps it (a reserved read, see {@link LocalEntries}). Every write
 * forgets the keys it touches before it is sent and again after its reply, so a read of this JVM that fetched the
 * old value meanwhile cannot keep it (read-your-writes), whatever the order of the invalidation Redis sends back.
 * Written values are not kept: the next read fetches them; only what a compare-and-set stored is remembered, as the
 * guess of the next one ({@link #lastStored}). Reads that touch the TTL ({@link #getAndTouch} with an
 * access TTL) go to Redis, which applies it.
 */
final class NearCacheEntryStore implements EntryStore {

  private final EntryStore store;
  private final LocalEntries local;
  private final LastStored lastStored;

  NearCacheEntryStore(EntryStore store, LocalEntries local, LastStored lastStored) {
    this.store = store;
    this.local = local;
    this.lastStored = lastStored;
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

  @Override
  public WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    return write(key, () -> store.put(key, value, condition, create, update, returnOld));
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
