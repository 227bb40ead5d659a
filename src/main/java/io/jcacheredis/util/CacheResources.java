package io.jcacheredis.util;

import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;

/**
 * The one owner of what a cache's configuration factories created and the cache must close: its expiry policy,
 * loader, writer, listeners and their filters. It keeps each object that is {@link AutoCloseable} (a {@link
 * java.io.Closeable} is one), once even if it plays several roles, and closes them all when the cache closes, even if
 * some throw (see {@link CloseFailures}).
 */
public final class CacheResources {

  private final String cacheName;
  private final List<AutoCloseable> owned = new ArrayList<>();

  public CacheResources(String cacheName) {
    this.cacheName = cacheName;
  }

  /**
   * Takes ownership of what a factory created, if it is AutoCloseable (the same object is owned once); returns it.
   * Null is returned as null.
   */
  public synchronized <T> T own(T resource) {
    if (resource instanceof AutoCloseable && !isOwned(resource)) {
      owned.add((AutoCloseable) resource);
    }
    return resource;
  }

  private boolean isOwned(Object resource) {
    for (AutoCloseable closeable : owned) {
      if (closeable == resource) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes now those of these resources this owns (a listener that is deregistered) and forgets them.
   *
   * @throws javax.cache.CacheException when some failed to close: the first failure as the cause, the others
   *     suppressed; every one was closed
   */
  public void close(Object... resources) {
    List<AutoCloseable> toClose = new ArrayList<>();
    synchronized (this) {
      for (Object resource : resources) {
        if (resource != null && isOwned(resource)) {
          owned.removeIf(closeable -> closeable == resource);
          toClose.add((AutoCloseable) resource);
        }
      }
    }
    closeEach(toClose);
  }

  /**
   * Closes every resource this owns, in the order they were taken, and forgets them.
   *
   * @throws javax.cache.CacheException when some failed to close: the first failure as the cause, the others
   *     suppressed; every one was closed
   */
  public void closeAll() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(owned);
      owned.clear();
    }
    closeEach(toClose);
  }

  /**
   * Closes every resource this owns after another step (of making or closing the cache) failed with {@code failure}:
   * what fails to close here is added to it as a suppressed exception, for the caller to throw.
   */
  public void closeAllAfter(Throwable failure) {
    try {
      closeAll();
    } catch (CacheException closing) {
      failure.addSuppressed(closing);
    }
  }

  private void closeEach(List<AutoCloseable> toClose) {
    CloseFailures failures = new CloseFailures("Cache " + cacheName);
    for (AutoCloseable resource : toClose) {
      try {
        resource.close();
      } catch (Exception e) {
        failures.add(resource, e);
      }
    }
    failures.throwIfAny();
  }
}
