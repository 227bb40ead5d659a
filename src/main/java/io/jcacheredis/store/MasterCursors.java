package io.jcacheredis.store;

import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Where a SCAN walk over a cluster's masters stands: the masters read when it started, the one being scanned and its
 * cursor. Each master is scanned from cursor 0 back to 0, then the next one. What the blocking and the non-waiting
 * walks of a cluster share.
 *
 * @param <M> how the walk names a master
 */
final class MasterCursors<M> {

  private final ScanParams params;
  private final ScanCursor cursor = new ScanCursor();
  private List<M> masters;
  private int current;

  MasterCursors(byte[] pattern, int count) {
    this.params = new ScanParams().match(pattern).count(count);
  }

  /** Whether another step remains (true before the masters are known). */
  boolean hasNext() {
    return masters == null || current < masters.size();
  }

  /** Whether the masters are still to be read (before the first step). */
  boolean unstarted() {
    return masters == null;
  }

  /** The masters of the walk, read at its first step. */
  void start(List<M> read) {
    masters = read;
  }

  /** @throws NoSuchElementException when the walk is complete */
  void requireNext() {
    if (!hasNext()) {
      throw new NoSuchElementException("The SCAN is complete on every master");
    }
  }

  /** The master the next step goes to. */
  M master() {
    return masters.get(current);
  }

  /** The cursor the next step sends. */
  byte[] cursor() {
    return cursor.cursor();
  }

  ScanParams params() {
    return params;
  }

  /** Takes a step's reply and returns its keys; a master whose cursor came back to 0 is done. */
  List<byte[]> advance(ScanResult<byte[]> page) {
    List<byte[]> keys = cursor.advance(page);
    if (cursor.done()) {
      current++;
      cursor.restart();
    }
    return keys;
  }
}
