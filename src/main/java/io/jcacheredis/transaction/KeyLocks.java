package io.jcacheredis.transaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The locks serializing read-decide-write operations on one key within this JVM, so concurrent invokes here run a
 * processor only as often as needed: a fixed number of stripes, a key's stripe chosen by its Redis key. Across JVMs
 * the compare-and-set commit keeps them atomic; nothing is locked in Redis, so a crashed JVM leaves nothing behind.
 */
public final class KeyLocks {

  private static final int STRIPES = 256;

  private final KeyLock[] locks = new KeyLock[STRIPES];

  /** The locks of one cache. */
  public KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new KeyLock();
    }
  }

  /** The lock of one key's stripe. */
  KeyLock lockFor(byte[] keyBytes) {
    return locks[stripe(keyBytes)];
  }

  /** The distinct locks of the keys, in stripe order: whoever takes several takes them in this order. */
  List<KeyLock> locksFor(List<byte[]> keyBytes) {
    BitSet stripes = new BitSet(STRIPES);
    for (byte[] key : keyBytes) {
      stripes.set(stripe(key));
    }
    List<KeyLock> ordered = new ArrayList<>(stripes.cardinality());
    stripes.stream().forEach(stripe -> ordered.add(locks[stripe]));
    return ordered;
  }

  private static int stripe(byte[] keyBytes) {
    return (Arrays.hashCode(keyBytes) & 0x7fffffff) % STRIPES;
  }
}
