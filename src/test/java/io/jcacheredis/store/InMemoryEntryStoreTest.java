package io.jcacheredis.store;

import static io.jcacheredis.store.InMemoryEntryStore.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.store.EntryStore.Condition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fake keeps the {@link EntryStore} contract the unit tests rely on: the put script's existed / written /
 * previous answers and TTL choice, compare-and-set, the TTL kinds, increments, and SCAN's glob patterns.
 */
class InMemoryEntryStoreTest {

  private final InMemoryEntryStore store = new InMemoryEntryStore();
  private final byte[] k = bytes("k");

  @Test
  void putChoosesTheCreationOrTheUpdateTtlAndReportsWhatWasThere() {
    WriteResult created = store.put(k, bytes("v1"), Condition.ALWAYS, Ttl.ofMillis(100), Ttl.ofMillis(50), true);
    assertFalse(created.existed());
    assertTrue(created.written());
    assertEquals(100, store.pttl(k));
    WriteResult updated = store.put(k, bytes("v2"), Condition.ALWAYS, Ttl.ofMillis(100), Ttl.ofMillis(50), true);
    assertTrue(updated.existed());
    assertArrayEquals(bytes("v1"), updated.previous());
    assertEquals(50, store.pttl(k));
    WriteResult kept = store.put(k, bytes("v3"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, false);
    assertEquals(50, store.pttl(k), "KEEPTTL");
    assertTrue(kept.written());
    store.advance(50);
    assertNull(store.get(k));
    assertEquals(-2, store.pttl(k));
  }

  @Test
  void conditionsAndExpiredTtls() {
    assertFalse(store.put(k, bytes("v"), Condition.IF_PRESENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    assertTrue(store.put(k, bytes("v"), Condition.IF_ABSENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    assertFalse(store.put(k, bytes("w"), Condition.IF_ABSENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    WriteResult expired = store.put(k, bytes("w"), Condition.IF_PRESENT, Ttl.ETERNAL, Ttl.EXPIRED, true);
    assertTrue(expired.existed());
    assertFalse(expired.written());
    assertArrayEquals(bytes("v"), expired.previous());
    assertFalse(store.exists(k), "an update that expires at once deletes");
    assertFalse(store.put(k, bytes("v"), Condition.ALWAYS, Ttl.EXPIRED, Ttl.ETERNAL, false).written());
    assertFalse(store.exists(k));
  }

  @Test
  void compareAndSetAppliesOnlyToTheExpectedState() {
    assertFalse(store.compareAndSet(k, bytes("x"), bytes("v"), Ttl.ETERNAL, false), "expected a value, absent");
    assertTrue(store.compareAndSet(k, null, bytes("v"), Ttl.ETERNAL, false));
    assertFalse(store.compareAndSet(k, null, bytes("w"), Ttl.ETERNAL, false), "expected absent, present");
    assertEquals(0, store.replaceIfEquals(k, bytes("x"), bytes("w"), Ttl.KEEP));
    assertEquals(1, store.replaceIfEquals(k, bytes("v"), bytes("w"), Ttl.ofMillis(10)));
    assertTrue(store.compareAndSet(k, bytes("w"), bytes("w"), Ttl.ETERNAL, true));
    assertEquals(-1, store.pttl(k), "a touch to ETERNAL persists");
    assertEquals(1, store.removeIfEquals(k, bytes("w")));
    assertEquals(-1, store.removeIfEquals(k, bytes("w")));
  }

  @Test
  void ttlsIncrementsAndDeletes() {
    store.set("k", "41");
    assertTrue(store.setTtlIfExists(k, Ttl.ofMillis(30)));
    assertArrayEquals(bytes("41"), store.getAndTouch(k, Ttl.ETERNAL));
    assertEquals(-1, store.pttl(k));
    assertEquals(42L, store.increment(k, 1, Ttl.ofMillis(20)));
    assertEquals(20, store.pttl(k));
    assertNull(store.increment(bytes("absent"), 1, Ttl.KEEP));
    store.set("text", "x");
    assertThrows(ArithmeticException.class, () -> store.increment(bytes("text"), 1, Ttl.KEEP));
    store.set("max", Long.toString(Long.MAX_VALUE));
    assertThrows(ArithmeticException.class, () -> store.increment(bytes("max"), 1, Ttl.KEEP));
    assertArrayEquals(bytes("42"), store.getAndTouch(k, Ttl.EXPIRED));
    assertFalse(store.exists(k));
    assertFalse(store.setTtlIfExists(k, Ttl.ETERNAL));
    assertEquals(2, store.unlink(List.of(bytes("text"), bytes("max"), bytes("none"))));
  }

  @Test
  void scanWalksTheKeysMatchingAGlobPatternInSteps() {
    for (String key : List.of("c:a", "c:b", "c:ab", "c:[x]", "d:a", "c:Z")) {
      store.set(key, "v");
    }
    assertEquals(new TreeSet<>(List.of("c:a", "c:b", "c:ab", "c:[x]", "c:Z")), scan("c:*", 2));
    assertEquals(new TreeSet<>(List.of("c:a", "c:b", "c:Z")), scan("c:?", 1));
    assertEquals(new TreeSet<>(List.of("c:a", "c:b")), scan("c:[a-b]", 10));
    assertEquals(new TreeSet<>(List.of("c:Z")), scan("c:[^a-z]", 10));
    assertEquals(new TreeSet<>(List.of("c:[x]")), scan("c:\\[x\\]", 10));
    assertEquals(new TreeSet<>(), scan("e*", 10));
  }

  private TreeSet<String> scan(String pattern, int count) {
    KeyScanner scanner = store.scanner(bytes(pattern), count);
    TreeSet<String> keys = new TreeSet<>();
    List<Integer> steps = new ArrayList<>();
    while (scanner.hasNext()) {
      List<byte[]> page = scanner.next();
      steps.add(page.size());
      page.forEach(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
    }
    assertTrue(steps.stream().allMatch(size -> size <= count), "steps of at most COUNT keys: " + steps);
    return keys;
  }
}
