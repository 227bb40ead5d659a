package io.jcacheredis.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One call of the async extension, run by a worker thread or by the caller that waits for it, never by both. Used in
 * the pooled connection mode only ({@link DeferredWorkerCalls}), where a call needs a thread for its blocking round
 * trip; in the multiplexed mode stages complete from the replies ({@link ReplyCompletedAsyncCache}) or go to a worker
 * at once ({@link ExecutorWorkerCalls}).
 *
 * <p>A call is not handed to a worker when it is made. Handing it over wakes a worker thread, and when the caller's
 * next step is to wait for the result ({@code join()}, {@code get()}) that wake-up is wasted: the caller runs the call
 * itself instead of parking while a worker runs it and wakes it up again (two thread hand-offs, each as costly as the
 * Redis round trip). So the call goes to a worker as soon as anything but waiting for it happens:
 * <ul>
 *   <li>something composes with it or looks at it ({@code thenApply}, {@code whenComplete}, {@code isDone}, a timed
 *       {@code get}, ...: see {@link StartOnUseFuture});</li>
 *   <li>its thread makes another call, composes with another call or waits for another call (so calls made one after
 *       the other and then awaited run in parallel);</li>
 *   <li>or, failing all of these, when {@link DeferredStart}'s thread finds it waiting (a call whose stage is dropped,
 *       or only passed to {@code CompletableFuture.allOf}, which none of the above sees).</li>
 * </ul>
 */
final class AsyncCall<T> extends StartOnUseFuture<T> implements Runnable {

  private static final int NEW = 0;
  private static final int QUEUED = 1;
  private static final int RUNNING = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(AsyncCall.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Executor executor;
  /** Its thread's slot in {@link DeferredStart}, cleared when the call has run. */
  private final AtomicReference<AsyncCall<?>> slot;
  private Supplier<T> work;
  /** When not null, a Redis failure completes the call with {@link #fallback} instead of failing it. */
  private IgnoredFailures ignored;
  private T fallback;
  final long madeAt = System.nanoTime();
  private volatile int state;

  private AsyncCall(Executor executor, Supplier<T> work, IgnoredFailures ignored, T fallback) {
    this.executor = executor;
    this.slot = DeferredStart.slotOfThisThread();
    this.work = work;
    this.ignored = ignored;
    this.fallback = fallback;
  }

  /**
   * Makes a call of {@code work}, run on {@code executor} or by its waiting caller; with {@code ignored} set, a Redis
   * failure completes it with {@code fallback}.
   */
  static <T> CompletableFuture<T> submit(Executor executor, Supplier<T> work, IgnoredFailures ignored, T fallback) {
    AsyncCall<T> call = new AsyncCall<>(executor, work, ignored, fallback);
    DeferredStart.made(call, call.slot);
    return call;
  }

  /** Neither handed to a worker nor run yet. */
  boolean isNew() {
    return state == NEW;
  }

  /** Hands the call to a worker unless that has happened or the call is running. */
  void dispatch() {
    if (state == NEW && STATE.compareAndSet(this, NEW, QUEUED)) {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) { // the manager closed between the call and now
        if (STATE.compareAndSet(this, QUEUED, RUNNING)) {
          completeExceptionally(new IllegalStateException("the CacheManager was closed before the call ran", e));
        }
      }
    }
  }

  @Override
  void start() {
    dispatch();
    DeferredStart.othersOfThisThread(this);
  }

  @Override
  public CompletableFuture<T> toCompletableFuture() {
    DeferredStart.othersOfThisThread(this); // not this one: toCompletableFuture().join() is how callers wait
    return this;
  }

  /** The worker's entry point. */
  @Override
  public void run() {
    runHere();
  }

  @Override
  public T join() {
    DeferredStart.othersOfThisThread(this);
    runHere();
    return super.join();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    DeferredStart.othersOfThisThread(this);
    runHere();
    return super.get();
  }

  /** A timed get leaves the call to a worker, so its timeout keeps its meaning. */
  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    start();
    return super.get(timeout, unit);
  }

  /** Runs the call on this thread unless it is running or has run elsewhere. */
  private void runHere() {
    for (int current = state; current != RUNNING; current = state) {
      if (STATE.compareAndSet(this, current, RUNNING)) {
        if (!super.isDone()) { // cancelled or completed by someone else meanwhile
          execute();
        }
        return;
      }
    }
  }

  private void execute() {
    Supplier<T> task = work;
    work = null; // what the call captured is not kept alive by a stage that is kept
    try {
      complete(task.get());
    } catch (RuntimeException e) {
      try {
        complete(IgnoredFailures.fallbackOrThrow(e, ignored, fallback));
      } catch (RuntimeException failure) {
        completeExceptionally(failure);
      }
    } catch (Error e) {
      completeExceptionally(e);
      throw e;
    } finally {
      ignored = null;
      fallback = null;
      slot.compareAndSet(this, null); // the slot keeps no result alive
    }
  }
}
