package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.load.CheckedLoadRun;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The multiplexed connection mode when its connections break or hang: every command in flight fails within the
 * timeout with the failure a pooled connection reports, no caller ever gets another's reply (a reply that comes after
 * its connection was given up reaches nobody), the connections are replaced in the background, and the server never
 * lists more of them than {@value #CONNECTIONS} once things have settled.
 */
@WithRedis
@Timeout(120)
@SuppressWarnings("deprecation") // DEBUG SLEEP through sendCommand(command, String...)
class MultiplexedFailureTest {

  private static final int TIMEOUT_MILLIS = 1000;
  private static final int CONNECT_TIMEOUT_MILLIS = 250;
  private static final int CONNECTIONS = 2;
  /** Waiting for a connection, then for the reply, plus scheduling on a busy 2-core machine. */
  private static final int BOUND_MILLIS = CONNECT_TIMEOUT_MILLIS + TIMEOUT_MILLIS + 750;

  private RedisTestServer server;
  private MultiplexedOnProxy mux;

  @BeforeEach
  void start(RedisTestServer server) throws Exception {
    this.server = server;
    mux = new MultiplexedOnProxy(server, "mux-failure");
  }

  @AfterEach
  void stop() {
    mux.close();
  }

  private Cache<String, String> cache(int port) {
    return mux.cache(port, "multiplexed.connections=" + CONNECTIONS + "&timeout.millis=" + TIMEOUT_MILLIS
        + "&connect-timeout.millis=" + CONNECT_TIMEOUT_MILLIS);
  }

  private int openConnections() {
    return ((MultiplexedClient) mux.manager().unwrap(UnifiedJedis.class)).openConnections();
  }

  @Test
  void aFreezeMidFlightFailsEveryCallerWithinTheTimeoutAndNoneGetsAnothersReply() throws Exception {
    Cache<String, String> cache = cache(mux.proxy().port());
    CheckedLoadRun load = CheckedLoadRun.start(cache, Thread::new, 200, mux.name());
    Thread.sleep(1000);
    assertEquals(0, load.failures(), "no failure before the freeze");
    awaitServerConnections(CONNECTIONS);

    mux.proxy().freeze(Freeze.HUNG_SERVER);
    Thread.sleep(TIMEOUT_MILLIS + 1000);
    long succeededWhileFrozen = load.successes();
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      open.add(openConnections());
      Thread.sleep(100);
    }
    assertEquals(succeededWhileFrozen, load.successes(), "nothing succeeds while Redis does not answer");
    assertTrue(load.failures() > 0, "the calls in flight failed");
    assertTrue(open.stream().allMatch(count -> count <= CONNECTIONS), "open connections while frozen: " + open);

    mux.proxy().thaw();
    long thawed = System.nanoTime();
    long before = load.successes();
    while (load.successes() < before + 1000) {
      assertTrue(System.nanoTime() - thawed < TimeUnit.SECONDS.toNanos(5), "working again after the thaw");
      Thread.sleep(10);
    }
    Thread.sleep(500);
    CheckedLoadRun.Result result = load.stop();
    System.out.println("freeze, multiplexed: " + result.line());
    assertEquals(0, result.wrongReplies(), result.line());
    assertTrue(result.longestFailedMillis() <= BOUND_MILLIS, "every failed call ended within " + BOUND_MILLIS
        + " ms: " + result.line());
    assertTrue(result.firstFailure().contains("RedisFailureException: Cannot reach Redis at redis://127.0.0.1:"
        + mux.proxy().port()), result.firstFailure());
    awaitServerConnections(CONNECTIONS);
  }

  @Test
  void aSlowServerTimesOutTheCallsInFlightAndTheirLateRepliesReachNobody() throws Exception {
    Cache<String, String> cache = cache(server.port());
    cache.put("a", "a1");
    cache.put("b", "b1");
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (RedisClient raw = server.raw()) {
      Future<?> sleeping = callers.submit(() -> raw.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "1.5"));
      Thread.sleep(100);
      List<Future<Long>> slow = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        slow.add(callers.submit(() -> {
          long start = System.nanoTime();
          RedisFailureException timedOut = assertThrows(RedisFailureException.class, () -> cache.get("a"));
          assertEquals("Cannot reach Redis at redis://127.0.0.1:" + server.port()
              + "/0 (java.net.SocketTimeoutException: Read timed out)", timedOut.getMessage());
          return (System.nanoTime() - start) / 1_000_000;
        }));
      }
      for (Future<Long> call : slow) {
        long millis = call.get(10, TimeUnit.SECONDS);
        assertTrue(millis >= TIMEOUT_MILLIS - 100 && millis < TIMEOUT_MILLIS + 750, "slow call took " + millis);
      }
      sleeping.get(10, TimeUnit.SECONDS);
    } finally {
      callers.shutdownNow();
    }
    assertEquals("b1", cache.get("b"), "the late replies for a went nowhere");
    cache.put("a", "a2");
    assertEquals("a2", cache.get("a"));
    awaitServerConnections(CONNECTIONS);
  }

  @Test
  void aStoppedServerFailsCallsFastAndTheyWorkAgainAfterItsRestart() throws Exception {
    Cache<String, String> cache = cache(server.port());
    cache.put("k", "v1");
    server.stop();
    long start = System.nanoTime();
    RedisFailureException down = assertThrows(RedisFailureException.class, () -> cache.get("k"));
    assertTrue(down.getMessage().startsWith("Cannot reach Redis at redis://127.0.0.1:" + server.port()),
        down.getMessage());
    assertTrue(OutageTesting.millisSince(start) < BOUND_MILLIS, "failed after " + OutageTesting.millisSince(start));
    server.start();
    OutageTesting.awaitWorking(cache);
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void connectionsTheServerClosesAreReplacedInTheBackground() throws Exception {
    Cache<String, String> cache = cache(server.port());
    cache.put("k", "v1");
    awaitServerConnections(CONNECTIONS);
    try (RedisClient admin = server.raw()) {
      ClientList.kill(admin, mux.name());
    }
    OutageTesting.awaitWorking(cache); // a call on a connection killed before it noticed may fail, then it is replaced
    assertEquals("v2", cache.get("k"));
    assertTrue(openConnections() <= CONNECTIONS, "open: " + openConnections());
    awaitServerConnections(CONNECTIONS);
  }

  /** Waits until the server lists at most {@code most} of the manager's connections, and at least one. */
  private void awaitServerConnections(int most) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try (RedisClient admin = server.raw()) {
      List<String> listed = ClientList.named(admin, mux.name());
      while (listed.isEmpty() || listed.size() > most) {
        assertTrue(System.nanoTime() < deadline, "connections the server lists: " + listed);
        Thread.sleep(50);
        listed = ClientList.named(admin, mux.name());
      }
    }
  }
}
