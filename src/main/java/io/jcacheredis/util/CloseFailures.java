package io.jcacheredis.util;

import javax.cache.CacheException;

/**
 * The failures of closing several things, so that one that throws does not keep the others open: the first becomes
 * the cause of the CacheException {@link #throwIfAny()} throws, the others are added to it as suppressed exceptions.
 */
public final class CloseFailures {

  private final String context;
  private CacheException first;

  /** @param context what is being closed, for the message (e.g. "Cache orders") */
  public CloseFailures(String context) {
    this.context = context;
  }

  /** Records that closing {@code what} failed with {@code failure}. */
  public void add(Object what, Throwable failure) {
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (first == null) {
      first = new CacheException(context + ": closing " + what + " failed", failure);
    } else {
      first.addSuppressed(failure);
    }
  }

  /**
   * Throws the first failure recorded, as a CacheException whose cause it is, with the others suppressed; does
   * nothing when nothing failed.
   */
  public void throwIfAny() {
    if (first != null) {
      throw first;
    }
  }
}
