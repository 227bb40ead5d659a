package io.jcacheredis;

import static io.jcacheredis.OutageTesting.TIMEOUT_MILLIS;
import static io.jcacheredis.OutageTesting.millisSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.FailureOptions;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The extension while Redis is stopped and after it restarts (FailureBehaviourTest does the same for the JCache
 * view): strict caches fail each stage with the Redis error within the timeout, ignoring caches complete with the
 * documented fallbacks, logged only when asked, and both work again within 1 s of the restart.
 */
@WithRedis
@AlsoMultiplexed
class AsyncFailureBehaviourTest {

  private RedisTestServer server;
  private final List<CacheManager> managers = new ArrayList<>();

  @BeforeEach
  void start(RedisTestServer server) {
    this.server = server;
  }

  @AfterEach
  void stop() throws Exception {
    managers.forEach(CacheManager::close);
  }

  private CacheManager manager(Properties properties) {
    CacheManager manager = OutageTesting.manager(server.port(), properties);
    managers.add(manager);
    return manager;
  }

  @SuppressWarnings("unchecked")
  private static AsyncRedisCache<String, Object> extension(Cache<String, Object> cache) {
    return cache.unwrap(AsyncRedisCache.class);
  }

  private static RedisCacheConfiguration<String, Object> ignoring() {
    RedisCacheConfiguration<String, Object> configuration = new RedisCacheConfiguration<>();
    return configuration.setIgnoreExceptions(true);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void strictExtensionFailsEachStageWithTheRedisErrorWithinTheTimeout() throws Exception {
    Cache<String, Object> cache = manager(new Properties()).createCache("strict", new MutableConfiguration<>());
    AsyncRedisCache<String, Object> redis = extension(cache);
    cache.put("n", 1L);
    server.stop();

    Map<String, Supplier<CompletionStage<?>>> calls = new LinkedHashMap<>();
    calls.put("get", () -> redis.get("n"));
    calls.put("put", () -> redis.put("n", 2L));
    calls.put("ttl", () -> redis.ttl("n"));
    calls.put("incr", () -> redis.incr("n", 1));
    calls.put("keys", () -> redis.keys("*"));
    calls.put("deletePattern", () -> redis.deletePattern("*"));
    for (Map.Entry<String, Supplier<CompletionStage<?>>> call : calls.entrySet()) {
      long start = System.nanoTime();
      CompletionStage<?> stage = call.getValue().get();
      ExecutionException error = assertThrows(ExecutionException.class,
          () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS), call.getKey());
      assertTrue(millisSince(start) < TIMEOUT_MILLIS + 1000L, call.getKey() + " failed after "
          + millisSince(start) + " ms");
      assertRedisFailure(error.getCause(), call.getKey());
    }

    long start = System.nanoTime();
    ScanOutcome scan = ScanOutcome.of(redis.scan("*"));
    assertTrue(millisSince(start) < TIMEOUT_MILLIS + 1000L, "scan failed after " + millisSince(start) + " ms");
    assertFalse(scan.completed);
    assertRedisFailure(scan.error, "scan");

    server.start();
    assertWorksAgainWithinOneSecond(redis);
  }

  private void assertRedisFailure(Throwable error, String call) {
    assertInstanceOf(RedisFailureException.class, error, call);
    assertInstanceOf(JedisException.class, error.getCause(), call + ": the Redis error is the cause");
    assertTrue(error.getMessage().contains(server.address()), error.getMessage());
  }

  /** Polls with put and get through the extension: working again within 1 s of the restart. */
  private static void assertWorksAgainWithinOneSecond(AsyncRedisCache<String, Object> redis) throws Exception {
    long restarted = System.nanoTime();
    Object read = null;
    while (!"back".equals(read) && millisSince(restarted) < 1000) {
      try {
        await(redis.put("k", "back"));
        read = await(redis.get("k"));
      } catch (ExecutionException e) {
        assertInstanceOf(RedisFailureException.class, e.getCause());
        Thread.sleep(10);
      }
    }
    assertEquals("back", read, "still not working " + millisSince(restarted) + " ms after the restart");
    assertEquals(List.of("k"), await(redis.keys("*")));
  }

  @Test
  void ignoringExtensionCompletesWithTheDocumentedFallbacks() throws Exception {
    Cache<String, Object> cache = manager(new Properties()).createCache("ignoring", ignoring());
    AsyncRedisCache<String, Object> redis = extension(cache);
    cache.put("n", 1L);
    server.stop();

    long start = System.nanoTime();
    assertFallbacks(redis);
    assertTrue(millisSince(start) < 12 * (TIMEOUT_MILLIS + 1000L), "each call bounded by the timeout");

    server.start();
    assertWorksAgainWithinOneSecond(redis);
  }

  /** What each call completes with while Redis is down and failures are ignored (see AsyncRedisCache). */
  private static void assertFallbacks(AsyncRedisCache<String, Object> redis) throws Exception {
    assertNull(await(redis.get("n")));
    assertEquals(Map.of(), await(redis.getAll(Set.of("n"))));
    await(redis.put("n", 5L));
    assertFalse(await(redis.set("n", 5L, SetOptions.always())));
    assertEquals(Duration.ZERO, await(redis.ttl("n")), "a miss");
    assertNull(await(redis.incr("n", 1)), "as the reference's None");
    assertNull(await(redis.decr("n", 1)));
    assertEquals(List.of(), await(redis.keys("*")));
    assertEquals(0L, await(redis.deletePattern("*")));
    ScanOutcome scan = ScanOutcome.of(redis.scan("*"));
    assertNull(scan.error);
    assertTrue(scan.completed, "the scan completes");
    assertEquals(List.of(), scan.keys);
  }

  @Test
  void ignoringExtensionStillReadsThroughAsTheJCacheViewDoes() throws Exception {
    RedisCacheConfiguration<String, String> configuration = new RedisCacheConfiguration<>();
    configuration.setIgnoreExceptions(true).setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(ClusterCacheTest.UpperCaseLoader.class));
    Cache<String, String> cache = manager(new Properties()).createCache("loading", configuration);
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> redis = cache.unwrap(AsyncRedisCache.class);
    server.stop();

    assertEquals("ABC", cache.get("abc"), "the JCache view loads");
    assertEquals("ABC", await(redis.get("abc")), "so does the extension");
    assertEquals(Map.of("x", "X", "y", "Y"), await(redis.getAll(Set.of("x", "y"))));
  }

  @Test
  void theManagerWideSwitchWorksAsASystemProperty() throws Exception {
    String before = System.getProperty(FailureOptions.IGNORE_EXCEPTIONS);
    Cache<String, Object> cache;
    try {
      System.setProperty(FailureOptions.IGNORE_EXCEPTIONS, "true");
      cache = manager(new Properties()).createCache("by-property", new MutableConfiguration<>());
    } finally {
      restore(FailureOptions.IGNORE_EXCEPTIONS, before);
    }
    // A manager made without the property is strict: the property is what makes the first one ignore failures.
    CacheManager strictManager = OutageTesting.manager(server.port(), new Properties(),
        new URLClassLoader(new URL[0], getClass().getClassLoader()));
    managers.add(strictManager);
    Cache<String, Object> strict = strictManager.createCache("without-property", new MutableConfiguration<>());
    server.stop();

    assertFallbacks(extension(cache));
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> extension(strict).keys("*").toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertRedisFailure(error.getCause(), "keys");
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  @Test
  void ignoredFailuresAreNotLoggedByDefault() throws Exception {
    Cache<String, Object> cache = manager(new Properties()).createCache("quiet", ignoring());
    cache.put("n", 1L);
    server.stop();
    String log = TestLogs.capturingStandardError(() -> {
      try {
        assertFallbacks(extension(cache));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("", log);
  }

  @Test
  void ignoredFailuresGoToTheNamedLoggerWhenAsked() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(FailureOptions.LOG_IGNORED_EXCEPTIONS, "true");
    properties.setProperty(FailureOptions.LOGGER, "test.async.ignored");
    Cache<String, Object> cache = manager(properties).createCache("logged", ignoring());
    AsyncRedisCache<String, Object> redis = extension(cache);
    server.stop();
    String log = TestLogs.capturingStandardError(() -> {
      try {
        assertNull(await(redis.incr("n", 1)));
        assertTrue(ScanOutcome.of(redis.scan("*")).completed);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    String prefix = "WARN test.async.ignored - Cache logged: ";
    String failure = " ignored a Redis failure: Cannot reach Redis at " + server.url();
    assertTrue(log.contains(prefix + "async operation" + failure), log);
    assertTrue(log.contains(prefix + "scan" + failure), log);
  }

  /** How a scan ended: the keys it delivered, then onComplete or onError. */
  private static final class ScanOutcome {
    final List<String> keys = new ArrayList<>();
    volatile boolean completed;
    volatile Throwable error;

    /** Subscribes, requests everything and waits for the end. */
    static ScanOutcome of(Flow.Publisher<String> publisher) throws InterruptedException {
      ScanOutcome outcome = new ScanOutcome();
      CountDownLatch done = new CountDownLatch(1);
      publisher.subscribe(new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String key) {
          outcome.keys.add(key);
        }

        @Override
        public void onError(Throwable throwable) {
          outcome.error = throwable;
          done.countDown();
        }

        @Override
        public void onComplete() {
          outcome.completed = true;
          done.countDown();
        }
      });
      assertTrue(done.await(10, TimeUnit.SECONDS), "the scan neither completed nor failed");
      return outcome;
    }
  }
}
