package io.jcacheredis.store;

import static io.jcacheredis.store.EntryScripts.PUBLISHING_CAS;
import static io.jcacheredis.store.EntryScripts.PUBLISHING_DELETE;
import static io.jcacheredis.store.EntryScripts.PUBLISHING_INCREMENT;
import static io.jcacheredis.store.EntryScripts.PUBLISHING_PUT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link EntryStore} of a cache whose changes other cache managers may listen to. While none listens ({@link
 * EventChannel#listened()}), every call goes to the store it wraps unchanged: no extra command, no extra byte. While
 * one does, every write is a script that publishes the change (PUBLISH) in the same script as the write, so the
 * messages of one key are in the order Redis applied the changes, with the value and the previous value: SET, SET NX
 * and the {@code put} script become the publishing {@code put} script, GETDEL and DEL the {@code delete} script, and
 * {@code cas} and {@code increment} their publishing variants. Reads, TTL changes and UNLINK (only {@code clear},
 * which fires no events) are not published.
 */
final class PublishingEntryStore implements EntryStore {

  private static final CommandArg REMOVED = CommandArg.ascii("r");
  private static final CommandArg EXPIRED = CommandArg.ascii("x");

  private final AbstractEntryStore store;
  private final EventChannel events;
  private final CommandArg channel;
  private final CommandArg origin;

  PublishingEntryStore(AbstractEntryStore store, EventChannel events) {
    this.store = store;
    this.events = events;
    this.channel = CommandArg.of(events.channel());
    this.origin = CommandArg.of(events.origin());
  }

  /** A script's arguments followed by the channel and the origin, which the {@code events} prelude reads. */
  private CommandArg[] published(CommandArg... args) {
    CommandArg[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = channel;
    all[args.length + 1] = origin;
    return all;
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
    return store.get(key);
  }

  @Override
  public byte[] getAndTouch(byte[] key, Ttl access) {
    if (access.isExpired() && events.listened()) {
      return (byte[]) PUBLISHING_DELETE.run(store.redis, key, published(EXPIRED));
    }
    return store.getAndTouch(key, access);
  }

  /** {@link #getAndTouch} (which publishes an expiry when listened to), then read: nothing is kept here. */
  @Override
  public <K, T> T read(byte[] key, Ttl access, K about, ValueReader<K, T> reader) {
    return reader.read(about, getAndTouch(key, access));
  }

  @Override
  public boolean exists(byte[] key) {
    return store.exists(key);
  }

  @Override
  public TimedValue getWithTtl(byte[] key) {
    return store.getWithTtl(key);
  }

  @Override
  public List<TimedValue> getAllWithTtl(List<byte[]> keys) {
    return store.getAllWithTtl(keys);
  }

  @Override
  public byte[] lastStored(byte[] key) {
    return store.lastStored(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys) {
    return store.getAll(keys);
  }

  @Override
  public WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld) {
    if (!events.listened()) {
      return store.put(key, value, condition, create, update, returnOld);
    }
    return EntryScripts.toWriteResult(PUBLISHING_PUT.run(store.redis, key,
        published(EntryScripts.putArgs(value, condition, create, update, returnOld))));
  }

  @Override
  public List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update,
      boolean returnOld) {
    if (!events.listened()) {
      return store.putAll(keys, values, create, update, returnOld);
    }
    List<WriteResult> results = new ArrayList<>(keys.size());
    for (Object reply : store.pipeline(keys, i -> PUBLISHING_PUT.command(keys.get(i),
        published(EntryScripts.putArgs(values.get(i), Condition.ALWAYS, create, update, returnOld))),
        PUBLISHING_PUT)) {
      results.add(EntryScripts.toWriteResult(reply));
    }
    return results;
  }

  @Override
  public boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    if (!events.listened()) {
      return store.compareAndSet(key, expected, value, ttl, touchOnly);
    }
    return cas(key, expected, value, ttl, touchOnly) == 1;
  }

  @Override
  public List<Boolean> compareAndSetAll(List<CompareAndSet> requests) {
    if (!events.listened()) {
      return store.compareAndSetAll(requests);
    }
    List<byte[]> keys = new ArrayList<>(requests.size());
    for (CompareAndSet request : requests) {
      keys.add(request.key());
    }
    List<Boolean> applied = new ArrayList<>(requests.size());
    for (Object reply : store.pipeline(keys, i -> {
      CompareAndSet request = requests.get(i);
      return PUBLISHING_CAS.command(request.key(), published(EntryScripts.casArgs(request.expected(),
          request.value(), request.ttl(), request.touchOnly())));
    }, PUBLISHING_CAS)) {
      applied.add((Long) reply == 1L);
    }
    return applied;
  }

  private int cas(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    return ((Long) PUBLISHING_CAS.run(store.redis, key,
        published(EntryScripts.casArgs(expected, value, ttl, touchOnly)))).intValue();
  }

  @Override
  public byte[] getAndDelete(byte[] key) {
    if (!events.listened()) {
      return store.getAndDelete(key);
    }
    return (byte[]) PUBLISHING_DELETE.run(store.redis, key, published(REMOVED));
  }

  @Override
  public List<byte[]> getAndDeleteAll(List<byte[]> keys) {
    if (!events.listened()) {
      return store.getAndDeleteAll(keys);
    }
    List<byte[]> previous = new ArrayList<>(keys.size());
    for (Object reply : store.pipeline(keys, i -> PUBLISHING_DELETE.command(keys.get(i), published(REMOVED)),
        PUBLISHING_DELETE)) {
      previous.add((byte[]) reply);
    }
    return previous;
  }

  @Override
  public boolean delete(byte[] key) {
    if (!events.listened()) {
      return store.delete(key);
    }
    return getAndDelete(key) != null;
  }

  @Override
  public long unlink(List<byte[]> keys) {
    return store.unlink(keys);
  }

  @Override
  public int removeIfEquals(byte[] key, byte[] expected) {
    if (!events.listened()) {
      return store.removeIfEquals(key, expected);
    }
    return cas(key, expected, null, Ttl.EXPIRED, false);
  }

  @Override
  public int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update) {
    if (!events.listened()) {
      return store.replaceIfEquals(key, expected, value, update);
    }
    return cas(key, expected, value, update, false);
  }

  @Override
  public long pttl(byte[] key) {
    return store.pttl(key);
  }

  @Override
  public boolean setTtlIfExists(byte[] key, Ttl ttl) {
    return store.setTtlIfExists(key, ttl);
  }

  @Override
  public Long increment(byte[] key, long delta, Ttl update) {
    if (!events.listened()) {
      return store.increment(key, delta, update);
    }
    return AbstractEntryStore.incrementResult(PUBLISHING_INCREMENT.run(store.redis, key,
        published(EntryScripts.deltaArg(delta), update.codeArg(), update.millisArg())));
  }

  @Override
  public KeyScanner scanner(byte[] pattern, int count) {
    return store.scanner(pattern, count);
  }
}
