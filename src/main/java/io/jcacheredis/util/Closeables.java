package io.jcacheredis.util;

import org.slf4j.Logger;

/** Closing what a cache created from the user's factories (listeners, loaders, writers, expiry policies). */
public final class Closeables {

  private Closeables() {
  }

  /**
   * Closes the object if it is {@link AutoCloseable}; a failure is logged, not thrown, so one misbehaving resource
   * does not keep the others of a closing cache open.
   */
  public static void closeQuietly(Object resource, Logger log) {
    if (resource instanceof AutoCloseable) {
      try {
        ((AutoCloseable) resource).close();
      } catch (Exception e) {
        log.warn("Closing {} failed", resource, e);
      }
    }
  }
}
