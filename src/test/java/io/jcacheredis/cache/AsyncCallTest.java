package io.jcacheredis.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Who runs an extension call and when: the caller whose next step is to wait for it, else a worker as soon as the
 * caller composes, makes another call or waits for another, else a worker after the deadline; never both.
 */
class AsyncCallTest {

  /** An executor whose "worker" runs queued calls only when the test says so (the deadline thread adds, too). */
  private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();

  @Test
  void aCallerThatJoinsBeforeAWorkerStartsRunsTheCallItself() {
    AtomicInteger runs = new AtomicInteger();
    List<Thread> ranOn = new ArrayList<>();
    CompletableFuture<String> call = AsyncCall.submit(queued::add, () -> {
      runs.incrementAndGet();
      ranOn.add(Thread.currentThread());
      return "done";
    }, null, null);

    assertEquals(0, runs.get(), "submitting runs nothing on the caller's thread");
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
  void makingAnotherCallHandsThePreviousOneToAWorker() throws Exception {
    CompletableFuture<String> first = AsyncCall.submit(queued::add, () -> "first", null, null);
    AsyncCall.submit(queued::add, () -> "second", null, null);
    assertHandedToAWorker(first, "the first call waits for no one once its thread has moved on");
  }

  /**
   * The hand-over happens at once (the call is no longer new when the step that hands it over returns); the call
   * reaches the queue when the hand-over's {@code execute} returns, which may happen on the deadline thread if that
   * thread got to the call first, a moment later.
   */
  private void assertHandedToAWorker(CompletableFuture<?> call, String message) throws InterruptedException {
    assertFalse(((AsyncCall<?>) call).isNew(), message);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!queued.contains(call) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertTrue(queued.contains(call), message);
  }

  @Test
  void waitingForOneCallHandsTheThreadsOtherCallToAWorker() throws Exception {
    List<Thread> ranOn = new ArrayList<>();
    CompletableFuture<String> first = AsyncCall.submit(queued::add, () -> {
      ranOn.add(Thread.currentThread());
      return "first";
    }, null, null);
    CompletableFuture<String> second = AsyncCall.submit(queued::add, () -> "second", null, null);
    assertEquals("first", first.join()); // no worker ran it yet: the caller does
    assertSame(Thread.currentThread(), ranOn.get(0));
    assertHandedToAWorker(second, "the second call must not wait while its caller waits for the first");
  }

  @Test
  void callsMadeOneAfterTheOtherAndThenAwaitedRunInParallel() throws Exception {
    // Each call can only finish when the other runs at the same time.
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        CyclicBarrier both = new CyclicBarrier(2);
        CompletableFuture<Integer> a = AsyncCall.submit(workers, () -> awaitOther(both), null, null);
        CompletableFuture<Integer> b = AsyncCall.submit(workers, () -> awaitOther(both), null, null);
        assertEquals(2, a.join() + b.join(), "round " + round);
      }
    } finally {
      workers.shutdownNow();
    }
  }

  private static int awaitOther(CyclicBarrier both) {
    try {
      both.await(5, TimeUnit.SECONDS);
      return 1;
    } catch (Exception e) {
      throw new IllegalStateException("the other call did not run meanwhile", e);
    }
  }

  @Test
  void aCallNobodyWaitsForOrComposesWithStillRunsOnAWorker() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "test-worker"));
    try {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicReference<String> thread = new AtomicReference<>();
      AsyncCall.submit(worker, () -> {
        thread.set(Thread.currentThread().getName());
        ran.countDown();
        return null;
      }, null, null); // the stage is dropped, and this thread makes no other call
      assertTrue(ran.await(5, TimeUnit.SECONDS), "a dropped call was never run");
      assertEquals("test-worker", thread.get());
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void theDeadlineThreadEndsWhenNothingNeedsItAndTheNextCallStartsAnother() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch ran = new CountDownLatch(1);
      AsyncCall.submit(worker, () -> countDown(ran), null, null); // dropped: the deadline thread starts it
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (deadlineThreadAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(deadlineThreadAlive(), "the deadline thread outlived its linger time with nothing to start");

      CountDownLatch ranAgain = new CountDownLatch(1);
      AsyncCall.submit(worker, () -> countDown(ranAgain), null, null);
      assertTrue(ranAgain.await(5, TimeUnit.SECONDS), "a dropped call after the thread ended was never run");
    } finally {
      worker.shutdownNow();
    }
  }

  private static Void countDown(CountDownLatch latch) {
    latch.countDown();
    return null;
  }

  private static boolean deadlineThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals("jcache-redis-deferred-start") && thread.isAlive());
  }

  @Test
  void aCallThatHasRunKeepsNothingAliveThroughItsThread() throws Exception {
    Object[] value = {new byte[64 * 1024]};
    WeakReference<Object> result = new WeakReference<>(value[0]);
    // Composed, so it runs on the "worker" (here: at once, on this thread) and is not awaited by this thread.
    AsyncCall.submit(Runnable::run, () -> value[0], null, null).thenApply(v -> "seen").join();
    value[0] = null;
    for (int i = 0; i < 50 && result.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(result.get() == null, "the thread's slot still holds the call and its result");
  }

  /**
   * Every CompletableFuture method that composes with the call or looks at it without waiting must start it, or the
   * composed stage would wait for the deadline: a method added to CompletableFuture by a newer JDK fails here.
   */
  @Test
  void everyComposingMethodStartsTheCall() {
    Set<String> notStarting = Set.of("join", "get", "toCompletableFuture", "complete", "completeExceptionally",
        "completeAsync", "cancel", "obtrudeValue", "obtrudeException", "isCancelled", "isCompletedExceptionally",
        "getNumberOfDependents", "toString", "newIncompleteFuture", "defaultExecutor",
        "resultNow", "exceptionNow", "state"); // the last three: Java 19's Future methods, on completed futures only
    List<String> missing = new ArrayList<>();
    for (Method method : CompletableFuture.class.getDeclaredMethods()) {
      int modifiers = method.getModifiers();
      if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || method.isBridge()
          || notStarting.contains(method.getName())) {
        continue;
      }
      try {
        if (AsyncCall.class.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass()
            == CompletableFuture.class) {
          missing.add(method.toString());
        }
      } catch (NoSuchMethodException e) {
        missing.add(method.toString());
      }
    }
    assertEquals(List.of(), missing, "CompletableFuture methods that do not start the call");
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
