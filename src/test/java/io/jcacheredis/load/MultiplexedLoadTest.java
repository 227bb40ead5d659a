package io.jcacheredis.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.ClientList;
import io.jcacheredis.TestRedis;
import io.jcacheredis.client.MultiplexedClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/**
 * A thousand platform threads, and two thousand virtual threads on a newer JDK, as callers on two multiplexed connections ({@code connection-mode=multiplexed}): random get, put, invoke
 * and getAll on keys of their own, every reply checked against what the caller wrote ({@link CheckedLoadRun}); no call
 * fails, no caller gets another's reply, and the server never lists more than two of the manager's connections.
 */
@Timeout(180)
class MultiplexedLoadTest {

  private static final Duration RUN = Duration.ofSeconds(6);
  private static final int CONNECTIONS = 2;

  /**
   * The test server's URL in multiplexed mode, its connections named {@code clientName}. A thousand platform threads
   * on 2 cores shared with other builds can wait seconds for a CPU, the callers that read replies included: the read
   * timeout is 10 s here, so that this test checks the replies (timeouts are MultiplexedFailureTest's).
   */
  private static String multiplexedUrl(String clientName) {
    String url = TestRedis.url();
    return url + (url.contains("?") ? "&" : "?") + "connection-mode=multiplexed&multiplexed.connections="
        + CONNECTIONS + "&client-name=" + clientName + "&timeout.millis=10000";
  }

  @Test
  void aThousandPlatformThreadsEachGetTheirOwnReplies() throws Exception {
    String name = TestRedis.uniqueName("mux-load");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(multiplexedUrl(name)),
        getClass().getClassLoader());
    try (ClientList.Watch connections = new ClientList.Watch(TestRedis::server, name)) {
      assertInstanceOf(MultiplexedClient.class, manager.unwrap(UnifiedJedis.class));
      Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      CheckedLoadRun load = CheckedLoadRun.start(cache, Thread::new, 1000, name);
      Thread.sleep(RUN.toMillis());
      CheckedLoadRun.Result result = load.stop();
      report("1000 platform threads", 1000, result);
      assertTrue(connections.most() >= 1 && connections.most() <= CONNECTIONS,
          "connections at once: " + connections.most());
      assertTrue(((MultiplexedClient) manager.unwrap(UnifiedJedis.class)).openConnections() <= CONNECTIONS);
      manager.destroyCache(name);
    } finally {
      manager.close();
    }
  }

  @Test
  void twoThousandVirtualThreadsOnANewerJdkEachGetTheirOwnReplies() throws Exception {
    String name = TestRedis.uniqueName("mux-virtual");
    List<String> output;
    ClientList.Watch connections = new ClientList.Watch(TestRedis::server, name);
    try {
      output = NewerJdk.run(CheckedLoadRun.class, 90, multiplexedUrl(name), "virtual", "2000",
          Long.toString(RUN.toSeconds()));
    } finally {
      connections.close();
    }
    CheckedLoadRun.Result result = output.stream().map(CheckedLoadRun.Result::parse).filter(Objects::nonNull)
        .findFirst().orElseThrow(() -> new AssertionError("no result: " + String.join("\n", output)));
    report("2000 virtual threads", 2000, result);
    assertTrue(connections.most() >= 1 && connections.most() <= CONNECTIONS,
        "connections at once: " + connections.most());
  }

  private static void report(String what, int callers, CheckedLoadRun.Result result) {
    System.out.println(what + ", multiplexed: " + result.line() + ", " + result.throughput() + " calls/s");
    assertTrue(result.calls() > 5L * callers, "the load ran: " + result.line());
    assertEquals(0, result.wrongReplies(), what + ": " + result.line());
    assertEquals(0, result.failures(), what + ": " + result.line());
  }
}
