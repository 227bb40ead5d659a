package io.jcacheredis.store;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** SCAN on one server: one cursor from 0 back to 0. */
final class ServerKeyScanner implements KeyScanner {

  private final UnifiedJedis redis;
  private final byte[] pattern;
  private final int count;
  private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
  private boolean done;

  ServerKeyScanner(UnifiedJedis redis, byte[] pattern, int count) {
    this.redis = redis;
    this.pattern = pattern;
    this.count = count;
  }

  @Override
  public boolean hasNext() {
    return !done;
  }

  @Override
  public List<byte[]> next() {
    if (done) {
      throw new NoSuchElementException("The SCAN is complete");
    }
    ScanResult<byte[]> page = redis.scan(cursor, new ScanParams().match(pattern).count(count));
    cursor = page.getCursorAsBytes();
    done = Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY);
    return page.getResult();
  }
}
