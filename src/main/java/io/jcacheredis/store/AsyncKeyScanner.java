package io.jcacheredis.store;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link KeyScanner} whose SCAN steps return a future: sent without a thread waiting for the reply in the
 * multiplexed connection mode ({@link AsyncEntryStore#scannerAsync}), or run at once on the calling thread when made
 * from a blocking walk ({@link #of}). The same walk: weakly consistent, nothing held open in Redis, nothing sent before
 * the first {@link #next()}. Not thread-safe: call {@link #next()} again only once the previous step completed.
 */
public interface AsyncKeyScanner {

  /** Whether another SCAN step remains (true before the first one). */
  boolean hasNext();

  /**
   * Runs one SCAN step; the future completes with its keys, possibly none, or exceptionally with the Redis failure
   * the blocking step throws.
   *
   * @throws NoSuchElementException when the walk is complete
   */
  CompletableFuture<List<byte[]>> next();

  /** A blocking walk seen as this one: each step runs on the calling thread and returns a completed future. */
  static AsyncKeyScanner of(KeyScanner blocking) {
    return new AsyncKeyScanner() {
      @Override
      public boolean hasNext() {
        return blocking.hasNext();
      }

      @Override
      public CompletableFuture<List<byte[]>> next() {
        if (!blocking.hasNext()) {
          throw new NoSuchElementException("The SCAN is complete");
        }
        try {
          return CompletableFuture.completedFuture(blocking.next());
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
    };
  }
}
