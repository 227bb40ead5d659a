package io.jcacheredis.util;

import java.util.concurrent.CompletionException;

/** What the provider's futures share. */
public final class Futures {

  private Futures() {
  }

  /**
   * The failure a dependent stage sees, as the stage that failed saw it: a {@link CompletionException} (which
   * {@code CompletableFuture} wraps around a failure passed down a chain) is taken off, anything else is returned as
   * it is.
   */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
