package io.jcacheredis.transaction;

import static io.jcacheredis.store.InMemoryEntryStore.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.transaction.EntryTransaction.Change;
import io.jcacheredis.transaction.FakeTransactionContext.Committed;
import io.jcacheredis.transaction.TransactionRunner.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What {@link TransactionRunner} commits for each decision an entry processor (or a cache operation on the generic
 * path) can make: the compare-and-set it sends, the TTL it applies, the CacheWriter calls made before it, what it
 * announces, and the re-run when another client changed the entry in between. On an in-memory store, no server.
 */
class TransactionRunnerTest {

  private final FakeTransactionContext context = new FakeTransactionContext();

  private <R> Outcome<String, String, R> run(String key, Function<EntryTransaction<String, String>, R> decision) {
    return TransactionRunner.run(context, key, bytes(key), decision);
  }

  private static Function<EntryTransaction<String, String>, Object> setting(String value) {
    return tx -> {
      tx.setValue(value);
      return null;
    };
  }

  @Test
  void settingAnAbsentEntryCreatesItWithTheCreationTtlAfterWritingThrough() {
    context.creation = Ttl.ofMillis(60_000);
    Outcome<String, String, Object> outcome = run("k", setting("v"));
    assertEquals(List.of("get", "compareAndSet"), context.store.calls(), "one read, one commit");
    assertEquals("v", context.store.peek("k"));
    assertEquals(60_000, context.store.pttl(bytes("k")));
    assertEquals(Change.CREATE, outcome.transaction().change());
    assertTrue(outcome.written());
    assertEquals(List.of("write k=v"), context.writer);
    assertEquals(List.of(new Committed("k", Change.CREATE, true)), context.committed);
  }

  @Test
  void settingAnExistingEntryUpdatesItWithTheUpdateTtl() {
    context.store.set("k", "old");
    context.update = Ttl.ofMillis(5_000);
    Outcome<String, String, Object> outcome = run("k", setting("new"));
    assertEquals("new", context.store.peek("k"));
    assertEquals(5_000, context.store.pttl(bytes("k")));
    assertEquals(Change.UPDATE, outcome.transaction().change());
    assertEquals("old", outcome.transaction().peek());
    assertEquals(List.of("write k=new"), context.writer);
  }

  @Test
  void anUpdateWithoutAnUpdateDurationKeepsTheRemainingTtl() {
    context.creation = Ttl.ofMillis(10_000);
    run("k", setting("v1"));
    context.store.advance(4_000);
    run("k", setting("v2"));
    assertEquals("v2", context.store.peek("k"));
    assertEquals(6_000, context.store.pttl(bytes("k")), "KEEP: the creation TTL runs on");
  }

  @Test
  void anUpdateWithAZeroDurationRemovesTheEntryButCountsAsWritten() {
    context.store.set("k", "old");
    context.update = Ttl.EXPIRED;
    Outcome<String, String, Object> outcome = run("k", setting("new"));
    assertNull(context.store.peek("k"), "expired at once");
    assertTrue(outcome.written(), "the decision was an update, which the store applied (as a delete)");
  }

  @Test
  void anEntryCreatedAlreadyExpiredIsNotStoredNorCountedAsWritten() {
    context.creation = Ttl.EXPIRED;
    Outcome<String, String, Object> outcome = run("k", setting("v"));
    assertNull(context.store.peek("k"));
    assertFalse(outcome.written());
    assertEquals(List.of("write k=v"), context.writer, "the CacheWriter still sees the write");
    assertEquals(List.of("get", "compareAndSet"), context.store.calls(),
        "the entry must still be absent for the decision to hold");
  }

  @Test
  void aValueThatCannotBeStoredFailsEvenWhenItWouldExpireAtOnce() {
    context.creation = Ttl.EXPIRED;
    assertThrows(IllegalArgumentException.class, () -> run("k", setting("unstorable")));
    assertEquals(List.of("get"), context.store.calls(), "nothing committed");
  }

  @Test
  void removingAnExistingEntryDeletesItAfterDeletingThrough() {
    context.store.set("k", "v");
    Outcome<String, String, Object> outcome = run("k", tx -> {
      tx.remove();
      return "removed";
    });
    assertEquals("removed", outcome.result());
    assertNull(context.store.peek("k"));
    assertFalse(outcome.written());
    assertEquals(Change.REMOVE, outcome.transaction().change());
    assertEquals(List.of("delete k"), context.writer);
    assertEquals(List.of(new Committed("k", Change.REMOVE, false)), context.committed);
  }

  @Test
  void removingAnAbsentEntrySendsNoCommitButStillDeletesThrough() {
    run("k", tx -> {
      tx.remove();
      return null;
    });
    assertEquals(List.of("get"), context.store.calls());
    assertEquals(List.of("delete k"), context.writer, "the CacheWriter may hold what the cache does not");
    assertEquals(List.of(new Committed("k", Change.REMOVE, false)), context.committed);
  }

  @Test
  void settingThenRemovingANewEntryIsNoChangeAtAll() {
    Outcome<String, String, Object> outcome = run("k", tx -> {
      tx.setValue("v");
      tx.remove();
      return null;
    });
    assertEquals(Change.NONE, outcome.transaction().change());
    assertEquals(List.of("get"), context.store.calls());
    assertTrue(context.writer.isEmpty());
    assertEquals(0, context.store.size());
  }

  @Test
  void readingAnEntryAppliesTheAccessTtlAsATouchOnly() {
    context.store.set("k", "v");
    context.access = Ttl.ofMillis(3_000);
    Outcome<String, String, String> outcome = run("k", EntryTransaction::getValue);
    assertEquals("v", outcome.result());
    assertEquals("v", context.store.peek("k"));
    assertEquals(3_000, context.store.pttl(bytes("k")));
    assertFalse(outcome.written());
    assertTrue(context.writer.isEmpty(), "a read writes nothing through");
  }

  @Test
  void readingWithoutAnAccessDurationSendsNoCommit() {
    context.store.set("k", "v");
    run("k", EntryTransaction::getValue);
    assertEquals(List.of("get"), context.store.calls());
  }

  @Test
  void peekingIsNoAccess() {
    context.store.set("k", "v");
    context.access = Ttl.ofMillis(3_000);
    assertEquals("v", run("k", EntryTransaction::peek).result());
    assertEquals(List.of("get"), context.store.calls());
    assertEquals(-1, context.store.pttl(bytes("k")));
  }

  @Test
  void readingAMissLoadsThroughAndStoresWithTheCreationTtlWithoutWritingThrough() {
    context.loadable.put("k", "loaded");
    context.creation = Ttl.ofMillis(1_000);
    Outcome<String, String, String> outcome = run("k", EntryTransaction::getValue);
    assertEquals("loaded", outcome.result());
    assertEquals(Change.LOAD, outcome.transaction().change());
    assertEquals("loaded", context.store.peek("k"));
    assertEquals(1_000, context.store.pttl(bytes("k")));
    assertTrue(context.writer.isEmpty(), "a loaded value is not written back to where it came from");
  }

  @Test
  void skipWriterCommitsWithoutTheCacheWriter() {
    run("k", tx -> {
      tx.setValue("v");
      tx.skipWriter();
      return null;
    });
    assertEquals("v", context.store.peek("k"));
    assertTrue(context.writer.isEmpty());
  }

  @Test
  void aDecisionThatThrowsChangesNothing() {
    context.store.set("k", "v");
    assertThrows(IllegalStateException.class, () -> run("k", tx -> {
      tx.setValue("half");
      throw new IllegalStateException("processor failed");
    }));
    assertEquals("v", context.store.peek("k"));
    assertEquals(List.of("get"), context.store.calls());
    assertTrue(context.committed.isEmpty());
  }

  @Test
  void aCacheWriterThatThrowsKeepsTheChangeOutOfRedis() {
    context.writerFailsFor = "k";
    assertThrows(IllegalStateException.class, () -> run("k", setting("v")));
    assertNull(context.store.peek("k"));
    assertTrue(context.committed.isEmpty());
  }

  @Test
  void anEntryChangedByAnotherClientBetweenReadAndCommitIsReadAndDecidedAgain() {
    context.store.set("counter", "1");
    AtomicInteger runs = new AtomicInteger();
    Outcome<String, String, Integer> outcome = run("counter", tx -> {
      int value = Integer.parseInt(tx.getValue());
      if (runs.incrementAndGet() == 1) {
        context.store.set("counter", "10"); // another client writes after our read
      }
      tx.setValue(Integer.toString(value + 1));
      return value;
    });
    assertEquals(2, runs.get());
    assertEquals("11", context.store.peek("counter"), "the increment applied to the other client's value");
    assertEquals(10, outcome.result(), "the result of the run that was committed");
    assertEquals(List.of("get", "compareAndSet", "get", "compareAndSet"), context.store.calls());
    assertEquals(List.of("write counter=2", "write counter=11"), context.writer,
        "write-through happens before the commit, so each run writes");
    assertEquals(1, context.committed.size(), "only the committed run is announced");
  }

  @Test
  void anEntryCreatedByAnotherClientMeanwhileTurnsACreateIntoAnUpdate() {
    AtomicInteger runs = new AtomicInteger();
    Outcome<String, String, Object> outcome = run("k", tx -> {
      if (runs.incrementAndGet() == 1) {
        context.store.set("k", "theirs");
      }
      tx.setValue("ours");
      return null;
    });
    assertEquals(Change.UPDATE, outcome.transaction().change());
    assertEquals("ours", context.store.peek("k"));
  }

  @Test
  void aRedisFailureFailsTheCallAndIsPassedOn() {
    RedisFailureException down = new RedisFailureException("Redis at 127.0.0.1:1 not answering", null);
    context.store.failWith(down);
    RedisFailureException thrown = assertThrows(RedisFailureException.class, () -> run("k", setting("v")));
    assertSame(down, thrown);
    assertTrue(context.committed.isEmpty());
    context.store.failWith(null);
    run("k", setting("v"));
    assertEquals("v", context.store.peek("k"), "the key's lock was released");
  }
}
