package io.jcacheredis.store;

import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/** SCAN on one server: one cursor from 0 back to 0. */
final class ServerKeyScanner implements KeyScanner {

  private final UnifiedJedis redis;
  private final ScanParams params;
  private final ScanCursor cursor = new ScanCursor();

  ServerKeyScanner(UnifiedJedis redis, byte[] pattern, int count) {
    this.redis = redis;
    this.params = new ScanParams().match(pattern).count(count);
  }

  @Override
  public boolean hasNext() {
    return !cursor.done();
  }

  @Override
  public List<byte[]> next() {
    if (cursor.done()) {
      throw new NoSuchElementException("The SCAN is complete");
    }
    return cursor.advance(redis.scan(cursor.cursor(), params));
  }
}
