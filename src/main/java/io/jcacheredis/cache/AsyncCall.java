package io.jcacheredis.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One call of the async extension: queued for a worker thread, and run by whichever comes first, the worker or the
 * caller waiting for it. A caller that waits ({@link #join()} or {@link #get()}) before any worker has started the
 * call runs it itself instead of parking until a worker wakes up, runs it and wakes the caller again: two thread
 * hand-offs that would cost as much as the Redis round trip itself. Callers that compose stages never wait, and the
 * worker runs the call as usual. A timed {@code get} never runs the call, so its timeout keeps its meaning. The
 * manager's worker threads are never blocked by this: a worker that finds the call claimed moves on.
 */
final class AsyncCall<T> extends CompletableFuture<T> implements Runnable {

  private static final VarHandle STARTED;

  static {
    try {
      STARTED = MethodHandles.lookup().findVarHandle(AsyncCall.class, "started", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Supplier<T> work;
  /** When not null, a Redis failure completes the call with {@link #fallback} instead of failing it. */
  private final IgnoredFailures ignored;
  private final T fallback;
  @SuppressWarnings("unused") // through STARTED
  private volatile boolean started;

  private AsyncCall(Supplier<T> work, IgnoredFailures ignored, T fallback) {
    this.work = work;
    this.ignored = ignored;
    this.fallback = fallback;
  }

  /** Queues {@code work} on {@code executor}; with {@code ignored} set, a failure completes with {@code fallback}. */
  static <T> CompletableFuture<T> submit(Executor executor, Supplier<T> work, IgnoredFailures ignored, T fallback) {
    AsyncCall<T> call = new AsyncCall<>(work, ignored, fallback);
    executor.execute(call);
    return call;
  }

  /**
   * The worker's entry point. The worker was woken by the submit, and Linux tends to run a woken thread on the waker's
   * CPU, ahead of the waker: it would take the call from a caller about to wait for it about half the time. Yielding
   * once lets that caller run on and claim the call; otherwise the yield returns at once.
   */
  @Override
  public void run() {
    if (!started) {
      Thread.yield();
      runOnce();
    }
  }

  @Override
  public T join() {
    runOnce();
    return super.join();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    runOnce();
    return super.get();
  }

  private void runOnce() {
    if (!started && STARTED.compareAndSet(this, false, true) && !isDone()) { // isDone: cancelled meanwhile
      execute();
    }
  }

  private void execute() {
    try {
      complete(work.get());
    } catch (RuntimeException e) {
      if (ignored != null && IgnoredFailures.isRedisFailure(e)) {
        ignored.ignore("async operation", e);
        complete(fallback);
      } else {
        completeExceptionally(e);
      }
    } catch (Error e) {
      completeExceptionally(e);
      throw e;
    }
  }
}
