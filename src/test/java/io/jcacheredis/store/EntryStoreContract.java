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
 * The {@link EntryStore} contract the unit tests rely on, run on the in-memory fake
 * ({@link InMemoryEntryStoreTest}) and on a real server ({@link ServerEntryStoreContractTest}), so the fake answers
 * as Redis does: the put script's existed / written / previous answers and TTL choice, the native fast paths'
 * coarser answers, compare-and-set, the TTL kinds, increments, and SCAN's glob patterns. TTLs are compared with a
 * tolerance, as the server's clock runs on.
 */
abstract class EntryStoreContract {

  private final byte[] k = bytes("k");

  /** The store under test, empty. */
  abstract EntryStore store();

  /** Writes a value with no TTL directly, as another client would. */
  abstract void set(String key, String value);

  private void assertTtl(long expected, byte[] key) {
    long pttl = store().pttl(key);
    assertTrue(pttl <= expected && pttl > expected - 1_000, "PTTL " + pttl + ", expected about " + expected);
  }

  @Test
  void putChoosesTheCreationOrTheUpdateTtlAndReportsWhatWasThere() {
    EntryStore store = store();
    WriteResult created = store.put(k, bytes("v1"), Condition.ALWAYS, Ttl.ofMillis(100_000), Ttl.ofMillis(50_000),
        true);
    assertFalse(created.existed());
    assertTrue(created.written());
    assertNull(created.previous());
    assertTtl(100_000, k);
    WriteResult updated = store.put(k, bytes("v2"), Condition.ALWAYS, Ttl.ofMillis(100_000), Ttl.ofMillis(50_000),
        true);
    assertTrue(updated.existed());
    assertArrayEquals(bytes("v1"), updated.previous());
    assertTtl(50_000, k);
    WriteResult kept = store.put(k, bytes("v3"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, true);
    assertTtl(50_000, k); // KEEPTTL
    assertTrue(kept.existed() && kept.written());
    assertArrayEquals(bytes("v2"), kept.previous());
    assertArrayEquals(bytes("v3"), store.get(k));
    store.put(k, bytes("v4"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.ETERNAL, false);
    assertEquals(-1, store.pttl(k), "an ETERNAL update removes the TTL");
  }

  @Test
  void aPlainSetOrASetNxReportsNoPreviousEntryWithoutAskingForIt() {
    EntryStore store = store();
    set("k", "v");
    WriteResult plain = store.put(k, bytes("w"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, false);
    assertFalse(plain.existed(), "SET does not say whether the entry existed");
    assertTrue(plain.written());
    WriteResult nx = store.put(k, bytes("x"), Condition.IF_ABSENT, Ttl.ofMillis(10_000), Ttl.KEEP, true);
    assertTrue(nx.existed());
    assertFalse(nx.written());
    assertNull(nx.previous(), "SET NX returns no previous value, even when asked");
    assertArrayEquals(bytes("w"), store.get(k));
  }

  @Test
  void conditionsAndExpiredTtls() {
    EntryStore store = store();
    assertFalse(store.put(k, bytes("v"), Condition.IF_PRESENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    assertFalse(store.exists(k));
    assertTrue(store.put(k, bytes("v"), Condition.IF_ABSENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    assertFalse(store.put(k, bytes("w"), Condition.IF_ABSENT, Ttl.ETERNAL, Ttl.ETERNAL, false).written());
    WriteResult expired = store.put(k, bytes("w"), Condition.IF_PRESENT, Ttl.ETERNAL, Ttl.EXPIRED, true);
    assertTrue(expired.existed());
    assertFalse(expired.written());
    assertArrayEquals(bytes("v"), expired.previous());
    assertFalse(store.exists(k), "an update that expires at once deletes");
    WriteResult createdExpired = store.put(k, bytes("v"), Condition.IF_ABSENT, Ttl.EXPIRED, Ttl.ETERNAL, false);
    assertFalse(createdExpired.existed() || createdExpired.written());
    assertFalse(store.exists(k));
  }

  @Test
  void putAllWritesEachEntryWithItsOwnAnswer() {
    EntryStore store = store();
    set("a", "A");
    List<WriteResult> results = store.putAll(List.of(bytes("a"), bytes("b")), List.of(bytes("A2"), bytes("B")),
        Ttl.ofMillis(20_000), Ttl.KEEP, true);
    assertTrue(results.get(0).existed());
    assertArrayEquals(bytes("A"), results.get(0).previous());
    assertFalse(results.get(1).existed());
    assertEquals(-1, store.pttl(bytes("a")), "KEEP on update: still no TTL");
    assertTtl(20_000, bytes("b"));
    List<byte[]> values = store.getAll(List.of(bytes("a"), bytes("none"), bytes("b")));
    assertArrayEquals(bytes("A2"), values.get(0));
    assertNull(values.get(1));
    assertArrayEquals(bytes("B"), values.get(2));
    assertTrue(store.putAll(List.of(), List.of(), Ttl.ETERNAL, Ttl.KEEP, false).isEmpty());
  }

  @Test
  void compareAndSetAppliesOnlyToTheExpectedState() {
    EntryStore store = store();
    assertFalse(store.compareAndSet(k, bytes("x"), bytes("v"), Ttl.ETERNAL, false), "expected a value, absent");
    assertTrue(store.compareAndSet(k, null, bytes("v"), Ttl.ETERNAL, false));
    assertFalse(store.compareAndSet(k, null, bytes("w"), Ttl.ETERNAL, false), "expected absent, present");
    assertEquals(0, store.replaceIfEquals(k, bytes("x"), bytes("w"), Ttl.KEEP));
    assertEquals(1, store.replaceIfEquals(k, bytes("v"), bytes("w"), Ttl.ofMillis(10_000)));
    assertTtl(10_000, k);
    assertTrue(store.compareAndSet(k, bytes("w"), bytes("w"), Ttl.ETERNAL, true));
    assertEquals(-1, store.pttl(k), "a touch to ETERNAL persists");
    assertTrue(store.compareAndSet(k, bytes("w"), bytes("w"), Ttl.ofMillis(5_000), true));
    assertTtl(5_000, k);
    assertEquals(List.of(true, false, true), store.compareAndSetAll(List.of(
        new CompareAndSet(k, bytes("w"), bytes("z"), Ttl.KEEP, false),
        new CompareAndSet(bytes("other"), bytes("w"), null, Ttl.EXPIRED, false),
        new CompareAndSet(bytes("new"), null, bytes("n"), Ttl.EXPIRED, false))));
    assertTtl(5_000, k);
    assertFalse(store.exists(bytes("new")), "applied, but created expired: nothing stored");
    assertEquals(0, store.removeIfEquals(k, bytes("w")));
    assertEquals(1, store.removeIfEquals(k, bytes("z")));
    assertEquals(-1, store.removeIfEquals(k, bytes("z")));
  }

  @Test
  void ttlsIncrementsAndDeletes() {
    EntryStore store = store();
    set("k", "41");
    assertTrue(store.setTtlIfExists(k, Ttl.ofMillis(30_000)));
    assertTtl(30_000, k);
    assertArrayEquals(bytes("41"), store.getAndTouch(k, Ttl.ETERNAL));
    assertEquals(-1, store.pttl(k));
    assertArrayEquals(bytes("41"), store.getAndTouch(k, Ttl.ofMillis(40_000)));
    assertTtl(40_000, k);
    assertEquals(42L, store.increment(k, 1, Ttl.ofMillis(20_000)));
    assertTtl(20_000, k);
    assertEquals(40L, store.increment(k, -2, Ttl.KEEP));
    assertTtl(20_000, k);
    assertNull(store.increment(bytes("absent"), 1, Ttl.KEEP));
    assertFalse(store.exists(bytes("absent")), "an increment creates nothing");
    set("text", "x");
    assertThrows(ArithmeticException.class, () -> store.increment(bytes("text"), 1, Ttl.KEEP));
    set("max", Long.toString(Long.MAX_VALUE));
    assertThrows(ArithmeticException.class, () -> store.increment(bytes("max"), 1, Ttl.KEEP));
    assertArrayEquals(bytes("40"), store.getAndTouch(k, Ttl.EXPIRED));
    assertFalse(store.exists(k));
    assertFalse(store.setTtlIfExists(k, Ttl.ETERNAL));
    assertEquals(-2, store.pttl(k));
    set("gone", "v");
    assertArrayEquals(bytes("v"), store.getAndDelete(bytes("gone")));
    assertNull(store.getAndDelete(bytes("gone")));
    assertEquals(2, store.unlink(List.of(bytes("text"), bytes("max"), bytes("none"))));
    set("d", "v");
    assertTrue(store.delete(bytes("d")));
    assertFalse(store.delete(bytes("d")));
  }

  @Test
  void scanWalksTheKeysMatchingAGlobPatternInSteps() {
    for (String key : List.of("c:a", "c:b", "c:ab", "c:[x]", "d:a", "c:Z")) {
      set(key, "v");
    }
    assertEquals(new TreeSet<>(List.of("c:a", "c:b", "c:ab", "c:[x]", "c:Z")), scan("c:*", 2));
    assertEquals(new TreeSet<>(List.of("c:a", "c:b", "c:Z")), scan("c:?", 1));
    assertEquals(new TreeSet<>(List.of("c:a", "c:b")), scan("c:[a-b]", 10));
    assertEquals(new TreeSet<>(List.of("c:Z")), scan("c:[^a-z[]", 10));
    assertEquals(new TreeSet<>(List.of("c:[x]")), scan("c:\\[x\\]", 10));
    assertEquals(new TreeSet<>(), scan("e*", 10));
  }

  private TreeSet<String> scan(String pattern, int count) {
    KeyScanner scanner = store().scanner(bytes(pattern), count);
    TreeSet<String> keys = new TreeSet<>();
    while (scanner.hasNext()) {
      scanner.next().forEach(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
    }
    return keys;
  }

  @Test
  void getWithTtlReadsTheValueAndItsRemainingLifeTogether() {
    EntryStore store = store();
    store.put(k, bytes("v"), Condition.ALWAYS, Ttl.ofMillis(100_000), Ttl.ofMillis(100_000), false);
    set("eternal", "e");
    TimedValue timed = store.getWithTtl(k);
    assertArrayEquals(bytes("v"), timed.value());
    assertTrue(timed.pttl() <= 100_000 && timed.pttl() > 99_000, "PTTL " + timed.pttl());
    List<TimedValue> all = store.getAllWithTtl(List.of(bytes("eternal"), bytes("absent"), k));
    assertArrayEquals(bytes("e"), all.get(0).value());
    assertEquals(-1, all.get(0).pttl(), "no expiry");
    assertNull(all.get(1).value());
    assertEquals(-2, all.get(1).pttl(), "absent");
    assertArrayEquals(bytes("v"), all.get(2).value());
    assertTrue(store.getAllWithTtl(List.of()).isEmpty());
  }

  @Test
  void aScanStepsUntilItIsComplete() {
    set("only", "v");
    KeyScanner scanner = store().scanner(bytes("*"), 10);
    assertTrue(scanner.hasNext(), "before the first step");
    List<byte[]> all = new ArrayList<>();
    while (scanner.hasNext()) {
      all.addAll(scanner.next());
    }
    assertEquals(1, all.size());
    assertThrows(java.util.NoSuchElementException.class, scanner::next);
  }
}
