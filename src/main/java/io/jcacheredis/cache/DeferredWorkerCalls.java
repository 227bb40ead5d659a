package io.jcacheredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link WorkerCalls} of the pooled connection mode, where a call needs a thread for its blocking round trip:
 * each is an {@link AsyncCall}, handed to a worker as soon as anything but waiting for it happens, and run by its
 * caller when the caller waits for it at once.
 */
final class DeferredWorkerCalls implements WorkerCalls {

  private final Executor executor;

  DeferredWorkerCalls(Executor executor) {
    this.executor = executor;
  }

  @Override
  public <T> CompletableFuture<T> submit(Supplier<T> work, IgnoredFailures ignored, T fallback) {
    return AsyncCall.submit(executor, work, ignored, fallback);
  }
}
