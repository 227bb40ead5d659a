package io.jcacheredis.cache;

import io.jcacheredis.store.AsyncKeyScanner;
import io.jcacheredis.util.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Walks a SCAN to its end without a thread waiting between steps: each step's keys go to a batch step, and the next
 * SCAN step is sent when both are done, from the thread that completed them (in the multiplexed mode, the
 * connection's reply reader). The first failure, of a SCAN step or of a batch step, ends the walk with it.
 */
final class KeyWalk {

  private final AsyncKeyScanner scanner;
  private final Function<List<byte[]>, CompletableFuture<Void>> batch;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private KeyWalk(AsyncKeyScanner scanner, Function<List<byte[]>, CompletableFuture<Void>> batch) {
    this.scanner = scanner;
    this.batch = batch;
  }

  /**
   * Starts the walk: the future completes once every step's batch step completed, or exceptionally with the first
   * failure.
   */
  static CompletableFuture<Void> each(AsyncKeyScanner scanner, Function<List<byte[]>, CompletableFuture<Void>> batch) {
    KeyWalk walk = new KeyWalk(scanner, batch);
    walk.steps();
    return walk.done;
  }

  /** Sends steps while they complete at once (a loop, not a recursion); returns when one is in flight. */
  private void steps() {
    while (true) {
      CompletableFuture<?> step;
      try {
        if (!scanner.hasNext()) {
          done.complete(null);
          return;
        }
        step = scanner.next().thenCompose(batch);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
      if (!step.isDone() || step.isCompletedExceptionally()) {
        step.whenComplete((ignored, failure) -> {
          if (failure != null) {
            done.completeExceptionally(Futures.cause(failure));
          } else {
            steps();
          }
        });
        return;
      }
    }
  }
}
