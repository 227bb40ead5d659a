package io.jcacheredis.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisSettings;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gate's admission rules on their own (no server): a caller that asks again at once cannot starve a waiter. */
@Timeout(30)
class ConnectionGateTest {

  private static ConnectionGate gate(String query) {
    RedisSettings settings = RedisSettings.resolve(URI.create("redis://127.0.0.1:1?" + query), false,
        new Properties(), ConnectionGateTest.class.getClassLoader());
    return new ConnectionGate("127.0.0.1:1", settings, () -> 0);
  }

  @Test
  void aStarvingWaiterGetsThePermitBeforeACallerThatGivesItBackAndAsksAgainAtOnce() throws Exception {
    ConnectionGate gate = gate("pool.max-total=1&pool.max-wait.millis=2000"); // starvation time: 50 ms
    gate.enter();
    AtomicLong waiterIn = new AtomicLong();
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      gate.enter();
      waiterIn.set(System.nanoTime());
      gate.exit();
    });
    Thread.sleep(200); // the waiter has starved: the gate hands the next permit to it
    gate.exit();
    gate.enter(); // without hand-off this caller, running already, takes the permit back before the waiter wakes
    long ownIn = System.nanoTime();
    gate.exit();
    waiter.get(5, TimeUnit.SECONDS);
    assertTrue(waiterIn.get() != 0 && waiterIn.get() < ownIn, "the waiter was admitted first");
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
