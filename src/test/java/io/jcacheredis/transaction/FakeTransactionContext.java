package io.jcacheredis.transaction;

import io.jcacheredis.store.InMemoryEntryStore;
import io.jcacheredis.store.Ttl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TransactionContext} of String keys and values on an {@link InMemoryEntryStore}, as a cache would give
 * one: UTF-8 codecs, a CacheLoader of a map, a CacheWriter that records its calls (and may be told to fail), TTLs a
 * test sets, and a record of what was announced as committed.
 */
final class FakeTransactionContext implements TransactionContext<String, String> {

  /** One announcement of {@link #committed}. */
  record Committed(String key, EntryTransaction.Change change, boolean written) {
  }

  final InMemoryEntryStore store = new InMemoryEntryStore();
  final KeyLocks locks = new KeyLocks();
  /** What the CacheLoader loads (read-through); empty: nothing. */
  final Map<String, String> loadable = new HashMap<>();
  /** The CacheWriter's calls: "write k=v" and "delete k". */
  final List<String> writer = new ArrayList<>();
  final List<Committed> committed = new ArrayList<>();
  /** A key the CacheWriter fails for. */
  String writerFailsFor;
  Ttl creation = Ttl.ETERNAL;
  Ttl update = Ttl.KEEP;
  Ttl access = Ttl.KEEP;

  @Override
  public InMemoryEntryStore store() {
    return store;
  }

  @Override
  public KeyLocks locks() {
    return locks;
  }

  /** Never: the fake store remembers nothing stored ({@code lastStored} is always null). */
  @Override
  public boolean mayStartFromLastStored() {
    return false;
  }

  @Override
  public byte[] encodeKey(String key) {
    return InMemoryEntryStore.bytes(key);
  }

  @Override
  public byte[] encodeValue(String value) {
    if (value.startsWith("unstorable")) {
      throw new IllegalArgumentException("cannot encode " + value);
    }
    return InMemoryEntryStore.bytes(value);
  }

  @Override
  public String decodeValue(String key, byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String readValue(String key, byte[] bytes) {
    return decodeValue(key, bytes);
  }

  @Override
  public void checkValueType(String value) {
    // every String is of the configured type
  }

  @Override
  public String readThrough(String key) {
    return loadable.get(key);
  }

  @Override
  public void writeThrough(String key, String value) {
    failIfAsked(key);
    writer.add("write " + key + "=" + value);
  }

  @Override
  public void deleteThrough(String key) {
    failIfAsked(key);
    writer.add("delete " + key);
  }

  private void failIfAsked(String key) {
    if (key.equals(writerFailsFor)) {
      throw new IllegalStateException("writer fails for " + key);
    }
  }

  @Override
  public Ttl creationTtl() {
    return creation;
  }

  @Override
  public Ttl updateTtl() {
    return update;
  }

  @Override
  public Ttl accessTtl() {
    return access;
  }

  @Override
  public void committed(EntryTransaction<String, String> transaction, boolean written) {
    committed.add(new Committed(transaction.getKey(), transaction.change(), written));
  }
}
