package io.jcacheredis.store;

import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.client.ClusterClient;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.params.ScanParams;

/** SCAN on one server, each step sent without waiting on the shared connections: one cursor from 0 back to 0. */
final class AsyncServerKeyScanner implements AsyncKeyScanner {

  private final AsyncCommands commands;
  private final ScanParams params;
  private final ScanCursor cursor = new ScanCursor();

  AsyncServerKeyScanner(AsyncCommands commands, byte[] pattern, int count) {
    this.commands = commands;
    this.params = new ScanParams().match(pattern).count(count);
  }

  @Override
  public boolean hasNext() {
    return !cursor.done();
  }

  @Override
  public CompletableFuture<List<byte[]>> next() {
    if (cursor.done()) {
      throw new NoSuchElementException("The SCAN is complete");
    }
    return commands.executeAsync(ClusterClient.COMMANDS.scan(cursor.cursor(), params)).thenApply(cursor::advance);
  }
}
