package io.jcacheredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The {@link WorkerCalls} of a cache whose async extension completes its stages from the replies ({@link
 * ReplyCompletedAsyncCache}): the operations it still runs blocking (multi-key ones, SCAN loops, those with a
 * CacheWriter, CacheLoader or an expiry policy to ask) go to a worker at once, one task per call, without the deferred
 * start of {@link AsyncCall}; the stage completes on that worker.
 */
final class ExecutorWorkerCalls implements WorkerCalls {

  private final Executor executor;

  ExecutorWorkerCalls(Executor executor) {
    this.executor = executor;
  }

  @Override
  public <T> CompletableFuture<T> submit(Supplier<T> work, IgnoredFailures ignored, T fallback) {
    CompletableFuture<T> stage = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          stage.complete(work.get());
        } catch (RuntimeException e) {
          try {
            stage.complete(IgnoredFailures.fallbackOrThrow(e, ignored, fallback));
          } catch (RuntimeException failure) {
            stage.completeExceptionally(failure);
          }
        } catch (Error e) {
          stage.completeExceptionally(e);
          throw e;
        }
      });
    } catch (RejectedExecutionException e) { // the manager closed between the call and now
      stage.completeExceptionally(new IllegalStateException("the CacheManager was closed before the call ran", e));
    }
    return stage;
  }
}
