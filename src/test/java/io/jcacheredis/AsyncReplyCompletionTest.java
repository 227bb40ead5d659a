package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.client.MultiplexedClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/**
 * The async extension in the multiplexed connection mode: its calls send their commands and return, and the
 * connection's own thread completes the stages from the replies, with no worker thread per call, also for stages
 * nobody waits for; what the application composes runs on the manager's workers, never on the reader; every one of
 * many concurrent calls gets its own reply; and a hung connection fails every stage in flight within the read
 * timeout with the pooled mode's failure.
 */
@WithRedis
@Timeout(120)
class AsyncReplyCompletionTest {

  private static final int TIMEOUT_MILLIS = 1000;
  /** The read timeout, plus scheduling on a busy 2-core machine. */
  private static final int BOUND_MILLIS = TIMEOUT_MILLIS + 750;
  private static final String READER = "jcache-redis-mux ";
  private static final String WORKER = "jcache-redis-worker";

  private RedisTestServer server;
  private MultiplexedOnProxy mux;

  @BeforeEach
  void start(RedisTestServer server) throws Exception {
    this.server = server;
    mux = new MultiplexedOnProxy(server, "async-reply");
  }

  @AfterEach
  void stop() {
    mux.close();
  }

  private AsyncRedisCache<String, String> extension(Cache<String, String> cache) {
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> extension = cache.unwrap(AsyncRedisCache.class);
    return extension;
  }

  private Cache<String, String> cache(int port) {
    return mux.cache(port, "timeout.millis=" + TIMEOUT_MILLIS);
  }

  @Test
  void stagesCompleteOnTheConnectionsThreadWithNoWorker() throws Exception {
    Cache<String, String> cache = cache(server.port());
    AsyncRedisCache<String, String> redis = extension(cache);
    for (int i = 0; i < 200; i++) {
      cache.put("k" + i, "v" + i);
    }
    Cache<String, Long> longs = mux.manager().createCache(mux.name() + "-counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, Long> counters = longs.unwrap(AsyncRedisCache.class);
    for (int i = 0; i < 200; i++) {
      longs.put("n" + i, 1000L);
    }
    String caller = Thread.currentThread().getName();
    ConcurrentLinkedQueue<String> completers = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> relays = new ArrayList<>();
    List<CompletionStage<String>> gets = new ArrayList<>();
    List<CompletionStage<java.util.Map<String, String>>> getAlls = new ArrayList<>();
    List<CompletionStage<Long>> incrs = new ArrayList<>();
    List<CompletionStage<Boolean>> sets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      CompletionStage<String> get = redis.get("k" + i);
      CompletionStage<Duration> ttl = redis.ttl("k" + i);
      CompletionStage<Void> put = redis.put("p" + i, "v");
      CompletionStage<Boolean> remove = redis.remove("absent" + i);
      CompletionStage<java.util.Map<String, String>> getAll = redis.getAll(java.util.Set.of("k" + i, "absent" + i));
      CompletionStage<Void> putAll = redis.putAll(java.util.Map.of("q" + i, "w" + i));
      CompletionStage<Long> incr = counters.incr("n" + i, i);
      CompletionStage<Boolean> set = redis.set("s" + i, "x", SetOptions.always().timeout(Duration.ofMinutes(5)));
      sets.add(set);
      gets.add(get);
      getAlls.add(getAll);
      incrs.add(incr);
      // allOf's relay runs on whichever thread completes the last stage (the caller's, if all completed already)
      relays.add(CompletableFuture.allOf(get.toCompletableFuture(), ttl.toCompletableFuture(),
          put.toCompletableFuture(), remove.toCompletableFuture(), getAll.toCompletableFuture(),
          putAll.toCompletableFuture(), incr.toCompletableFuture(), set.toCompletableFuture())
          .thenRun(() -> completers.add(Thread.currentThread().getName())));
    }
    CompletableFuture.allOf(relays.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 200; i++) {
      assertEquals("v" + i, gets.get(i).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals(java.util.Map.of("k" + i, "v" + i), getAlls.get(i).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals(1000L + i, incrs.get(i).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("v", cache.get("p" + i));
      assertEquals("w" + i, cache.get("q" + i));
      assertTrue(sets.get(i).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(redis.ttl("s" + i).toCompletableFuture().get(10, TimeUnit.SECONDS).toSeconds() > 200);
    }
    assertTrue(completers.stream().allMatch(thread -> thread.startsWith(READER) || thread.equals(caller)),
        "completed by the connection's thread (or, already done, the caller's), never a worker: " + completers);
    assertTrue(completers.stream().anyMatch(thread -> thread.startsWith(READER)), completers.toString());
  }

  @Test
  void whatTheApplicationComposesRunsOnTheWorkersNeverOnTheReader() throws Exception {
    Cache<String, String> cache = cache(server.port());
    AsyncRedisCache<String, String> redis = extension(cache);
    cache.put("k", "v");
    List<CompletableFuture<String>> composed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      CompletionStage<String> get = redis.get("k");
      composed.add(get.thenApply(value -> Thread.currentThread().getName()).toCompletableFuture());
      composed.add(get.thenCompose(value -> CompletableFuture.completedFuture(Thread.currentThread().getName()))
          .toCompletableFuture());
      CompletableFuture<String> completer = new CompletableFuture<>();
      get.whenComplete((value, failure) -> completer.complete(Thread.currentThread().getName()));
      composed.add(completer);
      composed.add(get.handle((value, failure) -> Thread.currentThread().getName()).toCompletableFuture());
    }
    for (CompletableFuture<String> step : composed) {
      assertTrue(step.get(10, TimeUnit.SECONDS).startsWith(WORKER), "composed steps run on the manager's workers");
    }
  }

  @Test
  void stagesNobodyWaitsForComplete() throws Exception {
    Cache<String, String> cache = cache(server.port());
    AsyncRedisCache<String, String> redis = extension(cache);
    for (int i = 0; i < 100; i++) {
      cache.put("dropped" + i, "v");
      cache.put("joined" + i, "v");
    }
    for (int i = 0; i < 100; i++) {
      redis.expire("dropped" + i, Duration.ZERO); // dropped: nobody waits, composes or joins
    }
    List<CompletableFuture<Boolean>> joined = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      joined.add(redis.expire("joined" + i, Duration.ofHours(1)).toCompletableFuture());
    }
    CompletableFuture.allOf(joined.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Boolean> stage : joined) {
      assertTrue(stage.getNow(false));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int i = 0; i < 100; i++) {
      while (cache.containsKey("dropped" + i)) {
        assertTrue(System.nanoTime() < deadline, "the dropped expire of dropped" + i + " happened");
        Thread.sleep(10);
      }
    }
  }

  @Test
  void noCallIsADeferredStartOneInThisMode() throws Exception {
    Cache<String, String> cache = cache(server.port());
    AsyncRedisCache<String, String> redis = extension(cache);
    List<CompletionStage<?>> stages = List.of(redis.put("a", "1"), redis.get("a"), redis.remove("b"),
        redis.ttl("a"), redis.persist("a"), redis.expire("a", Duration.ofMinutes(1)),
        redis.getAll(java.util.Set.of("a", "b")), redis.putAll(java.util.Map.of("c", "3")),
        redis.set("d", "4", SetOptions.always().ifAbsent()), redis.keys("*"), redis.deletePattern("nothing*"));
    for (CompletionStage<?> stage : stages) {
      assertFalse(stage.getClass().getName().startsWith("io.jcacheredis.cache.AsyncCall"),
          "the worker-path calls go to a worker at once, no deferred start: " + stage.getClass());
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * keys, deletePattern and a scan subscription: their SCAN steps are sent from the reader, one after the other, and
   * no worker waits for one (while the server hangs, no worker thread is in the client); the scan's subscriber is
   * called on the workers; a hung server fails all three within the timeout.
   */
  @Test
  void scanLoopsHoldNoWorkerWhileTheirStepsAreInFlight() throws Exception {
    Cache<String, String> cache = cache(mux.proxy().port());
    AsyncRedisCache<String, String> redis = extension(cache);
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (int i = 0; i < 1200; i++) {
      cache.put("d" + i, "v");
      cache.put("e" + i, "v");
      kept.add("d" + i);
    }
    String caller = Thread.currentThread().getName();
    ConcurrentLinkedQueue<String> completers = new ConcurrentLinkedQueue<>();
    CompletableFuture<List<String>> keys = redis.keys("d*").toCompletableFuture();
    CompletableFuture<Long> deleted = redis.deletePattern("e*").toCompletableFuture();
    CompletableFuture.allOf(keys, deleted).thenRun(() -> completers.add(Thread.currentThread().getName()))
        .get(10, TimeUnit.SECONDS);
    assertEquals(kept, new java.util.HashSet<>(keys.get()));
    assertEquals(1200, keys.get().size(), "each key once (no rehashing during the walk)");
    assertEquals(1200L, deleted.get());
    assertEquals(List.of(), redis.keys("e*").toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(completers.stream().allMatch(thread -> thread.startsWith(READER) || thread.equals(caller)),
        completers.toString());
    ScanCollector scanned = new ScanCollector();
    redis.scan("d*").subscribe(scanned);
    scanned.done.get(10, TimeUnit.SECONDS);
    assertEquals(kept, new java.util.HashSet<>(scanned.keys));
    assertTrue(scanned.threads.stream().allMatch(thread -> thread.startsWith(WORKER)), scanned.threads.toString());

    mux.proxy().freeze(Freeze.HUNG_SERVER);
    long start = System.nanoTime();
    CompletableFuture<List<String>> hungKeys = redis.keys("*").toCompletableFuture();
    CompletableFuture<Long> hungDelete = redis.deletePattern("d1*").toCompletableFuture();
    ScanCollector hungScan = new ScanCollector();
    redis.scan("*").subscribe(hungScan);
    Thread.sleep(TIMEOUT_MILLIS / 2);
    List<String> waiting = new ArrayList<>();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith(WORKER) && java.util.Arrays.stream(stack)
          .anyMatch(frame -> frame.getClassName().startsWith("io.jcacheredis.client."))) {
        waiting.add(thread.getName() + " " + java.util.Arrays.toString(stack));
      }
    });
    assertEquals(List.of(), waiting, "no worker waits for a SCAN step");
    for (CompletableFuture<?> hung : List.of(hungKeys, hungDelete, hungScan.done)) {
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> hung.get(10, TimeUnit.SECONDS));
      assertInstanceOf(RedisFailureException.class, failed.getCause());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < BOUND_MILLIS, "failed after " + millis + " ms");
    mux.proxy().thaw();
  }

  /** Subscribes for every key and keeps them, and the threads it was called on. */
  private static final class ScanCollector implements java.util.concurrent.Flow.Subscriber<String> {
    final List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String key) {
      keys.add(key);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void onError(Throwable failure) {
      done.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }

  /** One call and what its stage must complete with. */
  private record Expected(CompletableFuture<?> stage, Predicate<Object> check, String what) {
  }

  @Test
  void tenThousandConcurrentCallsEachGetTheirOwnReply() throws Exception {
    Cache<String, String> cache = cache(server.port());
    AsyncRedisCache<String, String> redis = extension(cache);
    int keys = 500;
    for (int i = 0; i < keys; i++) {
      cache.put("k" + i, "v" + i);
      assertTrue(redis.expire("k" + i, Duration.ofMinutes(100 + i)).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<List<Expected>>> batches = new ArrayList<>();
    for (int thread = 0; thread < 8; thread++) {
      batches.add(callers.submit(() -> {
        List<Expected> calls = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int call = 0; call < 1250; call++) {
          int i = random.nextInt(keys);
          switch (random.nextInt(4)) {
            case 0 -> calls.add(new Expected(redis.get("k" + i).toCompletableFuture(),
                value -> ("v" + i).equals(value), "get k" + i));
            case 1 -> calls.add(new Expected(redis.ttl("k" + i).toCompletableFuture(), ttl -> {
              long millis = ((Duration) ttl).toMillis();
              long set = Duration.ofMinutes(100 + i).toMillis();
              return millis <= set && millis > set - 60_000;
            }, "ttl k" + i));
            case 2 -> calls.add(new Expected(redis.get("absent" + i).toCompletableFuture(), Objects::isNull,
                "get absent" + i));
            default -> calls.add(new Expected(redis.persist("absent" + i).toCompletableFuture(),
                Boolean.FALSE::equals, "persist absent" + i));
          }
        }
        return calls;
      }));
    }
    int checked = 0;
    try {
      for (Future<List<Expected>> batch : batches) {
        for (Expected call : batch.get(60, TimeUnit.SECONDS)) {
          Object result = call.stage().get(30, TimeUnit.SECONDS);
          assertTrue(call.check().test(result), call.what() + " completed with " + result);
          checked++;
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(10_000, checked);
  }

  @Test
  void aFreezeMidFlightFailsEveryStageWithinTheTimeoutAndCallsWorkAgainAfterTheThaw() throws Exception {
    Cache<String, String> cache = cache(mux.proxy().port());
    AsyncRedisCache<String, String> redis = extension(cache);
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, "v" + i);
    }
    assertEquals("v1", redis.get("k1").toCompletableFuture().get(10, TimeUnit.SECONDS));

    mux.proxy().freeze(Freeze.HUNG_SERVER);
    List<CompletableFuture<Long>> ends = new ArrayList<>();
    List<CompletableFuture<?>> stages = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long start = System.nanoTime();
      CompletionStage<?> stage = i % 2 == 0 ? redis.get("k" + (i % 100)) : redis.ttl("k" + (i % 100));
      stages.add(stage.toCompletableFuture());
      ends.add(stage.handle((value, failure) -> (System.nanoTime() - start) / 1_000_000).toCompletableFuture());
    }
    String expected = "Cannot reach Redis at redis://127.0.0.1:" + mux.proxy().port()
        + "/0 (java.net.SocketTimeoutException: Read timed out)";
    for (int i = 0; i < 200; i++) {
      long millis = ends.get(i).get(10, TimeUnit.SECONDS);
      assertTrue(millis < BOUND_MILLIS, "stage " + i + " ended after " + millis + " ms");
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          stages.get(i)::get);
      RedisFailureException failure = assertInstanceOf(RedisFailureException.class, failed.getCause());
      assertEquals(expected, failure.getMessage());
    }

    mux.proxy().thaw();
    long thawed = System.nanoTime();
    while (true) {
      try {
        assertEquals("v2", redis.get("k2").toCompletableFuture().get(10, TimeUnit.SECONDS));
        break;
      } catch (ExecutionException e) {
        assertTrue(System.nanoTime() - thawed < TimeUnit.SECONDS.toNanos(5), "working again after the thaw");
        Thread.sleep(50);
      }
    }
    List<CompletableFuture<String>> after = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      after.add(redis.get("k" + (i % 100)).toCompletableFuture());
    }
    for (int i = 0; i < 1000; i++) {
      String value = after.get(i).get(10, TimeUnit.SECONDS);
      assertNotNull(value);
      assertEquals("v" + (i % 100), value, "no stage gets another's reply");
    }
    assertFalse(stages.isEmpty());
  }
}
