package io.jcacheredis.store;

import java.util.List;

/**
 * Walks the Redis keys matching a SCAN pattern, one SCAN step per {@link #next()}: on one server with one cursor,
 * on a Redis Cluster master after master, each with its own cursor, so every master is covered. Like SCAN itself it
 * is weakly consistent: a key present for the whole walk is returned at least once, possibly twice; keys written or
 * removed meanwhile may or may not be. Nothing is held open in Redis, so a walk may be abandoned at any point.
 * Nothing is sent before the first {@link #next()}. Not thread-safe.
 */
public interface KeyScanner {

  /** Whether another SCAN step remains (true before the first one). */
  boolean hasNext();

  /**
   * Runs one SCAN step and returns its keys, possibly none.
   *
   * @throws java.util.NoSuchElementException when the walk is complete
   */
  List<byte[]> next();
}
