package io.jcacheredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How the async extension runs a blocking cache operation on the manager's workers (the operations it cannot complete
 * from a reply): {@link DeferredWorkerCalls} in the pooled connection mode, {@link ExecutorWorkerCalls} where stages
 * complete from the replies (the multiplexed mode), chosen once per cache.
 */
interface WorkerCalls {

  /**
   * Runs {@code work}; the stage completes with its result, or its exception; with {@code ignored} set, a Redis
   * failure completes it with {@code fallback}.
   */
  <T> CompletableFuture<T> submit(Supplier<T> work, IgnoredFailures ignored, T fallback);
}
