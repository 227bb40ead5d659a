package io.jcacheredis.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Who runs an extension call: the worker, or the caller that waits for it first; and never both. */
class AsyncCallTest {

  /** An executor whose "worker" runs queued calls only when the test says so. */
  private final List<Runnable> queued = new ArrayList<>();

  @Test
  void aCallerThatJoinsBeforeAWorkerStartsRunsTheCallItself() {
    AtomicInteger runs = new AtomicInteger();
    List<Thread> ranOn = new ArrayList<>();
    CompletableFuture<String> call = AsyncCall.submit(queued::add, () -> {
      runs.incrementAndGet();
      ranOn.add(Thread.currentThread());
      return "done";
    }, null, null);

    assertFalse(call.isDone(), "submitting runs nothing on the caller's thread");
    assertEquals("done", call.join());
    assertSame(Thread.currentThread(), ranOn.get(0));
    queued.forEach(Runnable::run); // the worker comes later and finds the call done
    assertEquals(1, runs.get());
  }

  @Test
  void aWorkerRunsTheCallWhenTheCallerDoesNotWait() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Integer> call = AsyncCall.submit(queued::add, runs::incrementAndGet, null, null);
    CompletableFuture<Integer> composed = call.thenApply(n -> n * 10);

    queued.forEach(Runnable::run);
    assertEquals(10, composed.get(1, TimeUnit.SECONDS));
    assertEquals(1, call.get());
    assertEquals(1, runs.get());
  }

  @Test
  void aTimedGetWaitsForTheWorkerSoItsTimeoutHolds() {
    CompletableFuture<String> call = AsyncCall.submit(queued::add, () -> "late", null, null);
    assertThrows(TimeoutException.class, () -> call.get(50, TimeUnit.MILLISECONDS));
    queued.forEach(Runnable::run);
    assertEquals("late", call.join());
  }

  @Test
  void failuresCompleteTheCallOrTheFallbackWhenIgnored() {
    RedisFailureException down = new RedisFailureException("Cannot reach Redis at localhost:1", null);
    CompletableFuture<String> failing = AsyncCall.submit(queued::add, () -> {
      throw down;
    }, null, "fallback");
    CompletionException thrown = assertThrows(CompletionException.class, failing::join);
    assertSame(down, thrown.getCause());

    IgnoredFailures ignored = new IgnoredFailures("c", null);
    assertEquals("fallback", AsyncCall.submit(queued::add, () -> {
      throw down;
    }, ignored, "fallback").join());

    IllegalArgumentException bug = new IllegalArgumentException("not a Redis failure");
    CompletableFuture<String> notIgnored = AsyncCall.submit(queued::add, () -> {
      throw bug;
    }, ignored, "fallback");
    assertSame(bug, assertThrows(CompletionException.class, notIgnored::join).getCause());
  }

  @Test
  void aCancelledCallIsNeverRun() {
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Integer> call = AsyncCall.submit(queued::add, runs::incrementAndGet, null, null);
    assertTrue(call.cancel(false));
    queued.forEach(Runnable::run);
    assertEquals(0, runs.get());
  }
}
