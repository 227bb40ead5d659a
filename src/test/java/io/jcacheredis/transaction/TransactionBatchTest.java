package io.jcacheredis.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.transaction.EntryTransaction.Change;
import io.jcacheredis.transaction.TransactionBatch.Result;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What {@link TransactionBatch} commits for many keys in the round trips of one: one read (MGET), one pipeline of
 * compare-and-sets for the keys that need one, a decision or CacheWriter failure confined to its key, and a key
 * changed by another client in between run again on its own. On an in-memory store, no server.
 */
class TransactionBatchTest {

  private final FakeTransactionContext context = new FakeTransactionContext();

  /** Appends "+" to each value (creating "+" where absent), removes keys starting with "rm", fails keys "bad". */
  private static final Function<EntryTransaction<String, String>, String> APPEND = tx -> {
    if (tx.getKey().startsWith("bad")) {
      throw new IllegalStateException("processor fails for " + tx.getKey());
    }
    if (tx.getKey().startsWith("rm")) {
      tx.remove();
      return "removed";
    }
    String value = tx.getValue();
    tx.setValue(value == null ? "+" : value + "+");
    return value;
  };

  @Test
  void noKeysSendNothing() {
    assertTrue(TransactionBatch.run(context, List.of(), APPEND).isEmpty());
    assertTrue(context.store.calls().isEmpty());
  }

  @Test
  void manyKeysAreReadOnceAndCommittedInOnePipelineInTheKeysOrder() {
    context.store.set("a", "A");
    context.store.set("rm1", "x");
    List<Result<String, String, String>> results = TransactionBatch.run(context, List.of("a", "b", "rm1"), APPEND);
    assertEquals(List.of("getAll", "compareAndSetAll"), context.store.calls());
    assertEquals("A+", context.store.peek("a"));
    assertEquals("+", context.store.peek("b"));
    assertNull(context.store.peek("rm1"));
    assertEquals(List.of("a", "b", "rm1"), results.stream().map(Result::key).toList());
    assertEquals("A", results.get(0).outcome().result());
    assertEquals(Change.UPDATE, results.get(0).outcome().transaction().change());
    assertEquals(Change.CREATE, results.get(1).outcome().transaction().change());
    assertEquals(Change.REMOVE, results.get(2).outcome().transaction().change());
    assertTrue(results.get(0).outcome().written() && results.get(1).outcome().written());
    assertFalse(results.get(2).outcome().written());
    assertEquals(List.of("write a=A+", "write b=+", "delete rm1"), context.writer);
    assertEquals(3, context.committed.size());
  }

  @Test
  void keysNeedingNoCommitAreLeftOutOfThePipeline() {
    context.store.set("a", "A");
    List<Result<String, String, String>> results = TransactionBatch.run(context, List.of("a", "rm-absent"),
        tx -> {
          if (tx.getKey().equals("rm-absent")) {
            tx.remove();
          }
          return tx.peek();
        });
    assertEquals(List.of("getAll"), context.store.calls(), "a plain read and a remove of nothing commit nothing");
    assertEquals("A", results.get(0).outcome().result());
    assertEquals(List.of("delete rm-absent"), context.writer);
  }

  @Test
  void aFailingDecisionFailsOnlyItsOwnKey() {
    List<Result<String, String, String>> results = TransactionBatch.run(context, List.of("a", "bad", "c"), APPEND);
    assertNull(results.get(1).outcome());
    assertTrue(results.get(1).failure() instanceof IllegalStateException);
    assertNull(results.get(0).failure());
    assertEquals("+", context.store.peek("a"));
    assertEquals("+", context.store.peek("c"));
    assertNull(context.store.peek("bad"));
    assertEquals(2, context.committed.size());
  }

  @Test
  void aFailingCacheWriterKeepsOnlyItsOwnKeyOutOfRedis() {
    context.writerFailsFor = "b";
    List<Result<String, String, String>> results = TransactionBatch.run(context, List.of("a", "b"), APPEND);
    assertTrue(results.get(1).failure() instanceof IllegalStateException);
    assertNull(context.store.peek("b"));
    assertEquals("+", context.store.peek("a"));
  }

  @Test
  void aKeyChangedByAnotherClientBetweenReadAndCommitRunsAgainAlone() {
    context.store.set("a", "A");
    context.store.set("b", "B");
    AtomicInteger runsOfB = new AtomicInteger();
    List<Result<String, String, String>> results = TransactionBatch.run(context, List.of("a", "b"), tx -> {
      if (tx.getKey().equals("b") && runsOfB.incrementAndGet() == 1) {
        context.store.set("b", "THEIRS");
      }
      return APPEND.apply(tx);
    });
    assertEquals(2, runsOfB.get());
    assertEquals("A+", context.store.peek("a"));
    assertEquals("THEIRS+", context.store.peek("b"));
    assertEquals("THEIRS", results.get(1).outcome().result(), "the result of the committed run");
    assertEquals(List.of("getAll", "compareAndSetAll", "get", "compareAndSet"), context.store.calls());
  }

  @Test
  void theCreationTtlOfABatchIsApplied() {
    context.creation = Ttl.ofMillis(2_000);
    TransactionBatch.run(context, List.of("a", "b"), APPEND);
    context.store.advance(2_000);
    assertEquals(0, context.store.size(), "both created with the creation TTL, both expired now");
  }

  @Test
  void aRedisFailureFailsTheWholeBatch() {
    RedisFailureException down = new RedisFailureException("Redis at 127.0.0.1:1 not answering", null);
    context.store.failWith(down);
    assertSame(down, assertThrows(RedisFailureException.class,
        () -> TransactionBatch.run(context, List.of("a", "b"), APPEND)));
    assertTrue(context.committed.isEmpty());
  }
}
