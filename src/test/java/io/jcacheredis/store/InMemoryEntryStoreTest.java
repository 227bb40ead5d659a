package io.jcacheredis.store;

import static io.jcacheredis.store.InMemoryEntryStore.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.EntryStore.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fake keeps the {@link EntryStoreContract} (which {@link ServerEntryStoreContractTest} runs on a real server),
 * and its own controls work: the clock, the call record, failing every call.
 */
class InMemoryEntryStoreTest extends EntryStoreContract {

  private final InMemoryEntryStore store = new InMemoryEntryStore();

  @Override
  EntryStore store() {
    return store;
  }

  @Override
  void set(String key, String value) {
    store.set(key, value);
  }

  @Test
  void entriesExpireWhenTheClockPassesTheirTtl() {
    byte[] k = bytes("k");
    store.put(k, bytes("v"), Condition.ALWAYS, Ttl.ofMillis(100), Ttl.KEEP, false);
    store.advance(99);
    assertEquals(1, store.pttl(k));
    store.advance(1);
    assertNull(store.get(k));
    assertEquals(-2, store.pttl(k));
    assertEquals(0, store.size());
  }

  @Test
  void callsAreRecordedAndCanBeMadeToFail() {
    store.get(bytes("k"));
    store.set("k", "v"); // a test's own write: not recorded
    store.getAll(List.of(bytes("k")));
    assertEquals(List.of("get", "getAll"), store.calls());
    RedisFailureException down = new RedisFailureException("down", null);
    store.failWith(down);
    assertSame(down, assertThrows(RedisFailureException.class, () -> store.get(bytes("k"))));
    store.failWith(null);
    assertEquals("v", store.peek("k"));
  }
}
