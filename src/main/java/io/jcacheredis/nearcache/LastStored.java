package io.jcacheredis.nearcache;

import java.util.concurrent.ConcurrentMap;

/**
 * The value this JVM last stored for each key with a compare-and-set, kept after the entry's local copy is dropped
 * (by the write itself and by the invalidation Redis sends back for it): a guess the next compare-and-set on the key
 * may expect, so that an entry processor that just ran on a key runs again without reading it first. Never served as
 * a read. Forgotten by every other write of this JVM to the key and by a compare-and-set that did not apply; a write
 * of another client is found out by the compare-and-set that expected the guess, which then fails.
 */
final class LastStored {

  private final ConcurrentMap<ByteKey, byte[]> values;

  LastStored(LocalBound bound) {
    this.values = bound.<byte[]>builder(value -> value.length).build().asMap();
  }

  byte[] get(ByteKey key) {
    return values.get(key);
  }

  void remember(ByteKey key, byte[] value) {
    values.put(key, value);
  }

  void forget(ByteKey key) {
    values.remove(key);
  }
}
