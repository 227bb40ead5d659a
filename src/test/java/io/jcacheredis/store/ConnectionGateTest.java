package io.jcacheredis.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisSettings;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gate's admission rules on their own (no server): a caller that re-enters at once cannot starve a waiter. */
@Timeout(30)
class ConnectionGateTest {

  private static ConnectionGate gate(String query) {
    RedisSettings settings = RedisSettings.resolve(URI.create("redis://127.0.0.1:1?" + query), false,
        new Properties(), ConnectionGateTest.class.getClassLoader());
    return new ConnectionGate("127.0.0.1:1", settings, () -> 0);
  }

  @Test
  void aWaiterIsAdmittedAlthoughAnotherCallerReentersAtOnce() throws Exception {
    ConnectionGate gate = gate("pool.max-total=1&pool.max-wait.millis=2000");
    AtomicBoolean running = new AtomicBoolean(true);
    gate.enter();
    CompletableFuture<Void> greedy = CompletableFuture.runAsync(() -> { // gives the permit back and takes it again
      try {
        while (running.get()) {
          Thread.sleep(1);
          gate.exit();
          gate.enter();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        gate.exit();
      }
    });
    long start = System.nanoTime();
    gate.enter(); // queued behind a caller that never waits: admitted once it has waited the starvation time
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    running.set(false);
    gate.exit();
    greedy.get(5, TimeUnit.SECONDS);
    assertTrue(waitedMillis < 1000, "admitted after " + waitedMillis + " ms (starvation time: 50 ms)");
  }

  @Test
  void aNegativeMaxWaitWaitsWithoutLimitAndZeroNotAtAll() throws Exception {
    ConnectionGate unlimited = gate("pool.max-total=1&pool.max-wait.millis=-1");
    unlimited.enter();
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(unlimited::enter);
    Thread.sleep(300);
    assertTrue(!waiter.isDone(), "still waiting");
    unlimited.exit();
    waiter.get(5, TimeUnit.SECONDS);

    ConnectionGate none = gate("pool.max-total=1&pool.max-wait.millis=0");
    none.enter();
    RedisFailureException busy = assertThrows(RedisFailureException.class, none::enter);
    assertTrue(busy.getMessage().contains("127.0.0.1:1") && busy.getMessage().contains("1 in use"),
        busy.getMessage());
  }
}
