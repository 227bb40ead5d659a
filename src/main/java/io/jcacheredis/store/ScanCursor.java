package io.jcacheredis.store;

import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** One SCAN cursor of a walk, from 0 back to 0: what the walks of one server and of a cluster's masters share. */
final class ScanCursor {

  private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
  private boolean done;

  /** The cursor the next SCAN step sends. */
  byte[] cursor() {
    return cursor;
  }

  /** Whether the cursor came back to 0: the walk of this cursor is complete. */
  boolean done() {
    return done;
  }

  /** Takes a step's reply: its cursor is the next one, and its keys are returned. */
  List<byte[]> advance(ScanResult<byte[]> page) {
    cursor = page.getCursorAsBytes();
    done = Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY);
    return page.getResult();
  }

  /** Starts again from 0 (the next master of a cluster). */
  void restart() {
    cursor = ScanParams.SCAN_POINTER_START_BINARY;
    done = false;
  }
}
