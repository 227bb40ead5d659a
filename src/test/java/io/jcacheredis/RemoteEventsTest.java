package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RecordingListener.Heard;
import io.jcacheredis.configuration.EventOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entry events across JVMs ({@value EventOptions#REMOTE}): two managers with separate pools stand for two JVMs; the
 * writer's changes reach the other's listeners in Redis's order, with values and old values, never echoed back to
 * the writer; expiries inside Redis reach EXPIRED listeners; a cache nobody listens to pays nothing. One test starts
 * a real second JVM ({@link RemoteEventsChild}).
 */
@AlsoOnCluster
class RemoteEventsTest {

  private static final long WAIT_SECONDS = 20;

  private CacheManager writerManager;
  private CacheManager listenerManager;
  private String name;

  @BeforeEach
  void open() {
    writerManager = manager();
    listenerManager = manager();
    name = TestRedis.uniqueName("events");
  }

  @AfterEach
  void close() {
    writerManager.destroyCache(name);
    writerManager.close();
    listenerManager.close();
  }

  /** A manager with its own pool (its own class loader), with remote events on; leases outlast every test. */
  static CacheManager manager() {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    properties.setProperty(EventOptions.LEASE, "600000");
    ClassLoader loader = new URLClassLoader(new URL[0], RemoteEventsTest.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(TestRedis.uri(), loader, properties);
  }

  /**
   * Writes (and removes) a probe entry until {@code listener} hears it: a writer learns of a new listener in another
   * JVM from a control message, which takes a moment (see docs/events.md); changes before that are not published.
   * What the probe caused is drained.
   */
  static <V> void untilWriterKnows(Cache<String, V> writer, V value, RecordingListener<String, V> listener)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (listener.await(1, 0).isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the writer never learnt of the listener");
      writer.put("probe", value);
      Thread.sleep(10);
    }
    writer.remove("probe");
    // The probe's events end with its REMOVED event (several puts may have been heard before it).
    List<Heard<String, V>> heard;
    do {
      heard = listener.await(1, WAIT_SECONDS);
      assertTrue(!heard.isEmpty(), "the probe's REMOVED event");
    } while (heard.get(0).type() != EventType.REMOVED);
  }

  /**
   * The commands the servers ran, without the PINGs with which every JVM with events on keeps its subscriptions
   * checked (every half socket timeout, at any moment).
   */
  /**
   * The data commands sent: without PINGs and the handshake of a connection a pool or a multiplexed client opens
   * meanwhile (HELLO, CLIENT SETINFO, ...), which a busy machine can put inside any window.
   */
  static Map<String, Long> sent(RedisCommandCounter.Traffic traffic) {
    return NearCacheTest.dataCommands(traffic);
  }

  private static <V> MutableConfiguration<String, V> configuration(Class<V> valueType) {
    return new MutableConfiguration<String, V>().setTypes(String.class, valueType);
  }

  @Test
  void putPutRemoveInOneJvmReachesTheOtherInOrderWithValuesAndOldValues() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    Cache<String, String> listened = listenerManager.getCache(name, String.class, String.class);
    RecordingListener<String, String> remote = new RecordingListener<>();
    listened.registerCacheEntryListener(remote.configuration(true, false));
    RecordingListener<String, String> own = new RecordingListener<>();
    untilWriterKnows(writer, "probe", remote);
    writer.registerCacheEntryListener(own.configuration(true, true));

    writer.put("dune", "Herbert");
    writer.put("dune", "Frank Herbert");
    writer.remove("dune");

    List<Heard<String, String>> heard = remote.await(3, WAIT_SECONDS);
    assertEquals(List.of(new Heard<>(EventType.CREATED, "dune", "Herbert", null, false),
        new Heard<>(EventType.UPDATED, "dune", "Frank Herbert", "Herbert", true),
        new Heard<>(EventType.REMOVED, "dune", "Frank Herbert", "Frank Herbert", true)),
        heard);
    assertEquals(3, own.await(3, WAIT_SECONDS).size(), "the writer's own listener hears its changes");
    assertEquals(List.of(), own.more(500), "and hears none of them twice (no echo from Redis)");
    assertEquals(List.of(), remote.more(0));
  }

  @Test
  void anExpiryAskedForIsAnExpiredEventWithTheValueNeverARemovedOne() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    RecordingListener<String, String> remote = new RecordingListener<>();
    listenerManager.getCache(name, String.class, String.class)
        .registerCacheEntryListener(remote.configuration(true, false));
    untilWriterKnows(writer, "probe", remote);
    writer.put("k", "v");
    @SuppressWarnings("unchecked")
    AsyncRedisCache<String, String> extension = writer.unwrap(AsyncRedisCache.class);
    assertTrue(extension.expire("k", java.time.Duration.ZERO).toCompletableFuture().get(WAIT_SECONDS,
        TimeUnit.SECONDS));
    assertEquals(List.of(new Heard<>(EventType.CREATED, "k", "v", null, false),
        new Heard<>(EventType.EXPIRED, "k", "v", "v", true)), remote.await(2, WAIT_SECONDS));
    assertEquals(List.of(), remote.more(300), "no expired keyevent as well: Redis deleted it, it did not expire");
  }

  @Test
  void aCacheTurnsRemoteEventsOnOrOffForItselfWhateverItsManagerSays() throws Exception {
    String perCache = TestRedis.uniqueName("per-cache");
    CacheManager plainWriter = TestRedis.separateManager(); // remote events off, the default
    CacheManager plainListener = TestRedis.separateManager();
    try {
      RedisCacheConfiguration<String, String> on = new RedisCacheConfiguration<String, String>();
      on.setTypes(String.class, String.class);
      on.setRemoteEvents(true);
      Cache<String, String> writer = plainWriter.createCache(perCache, on);
      RecordingListener<String, String> remote = new RecordingListener<>();
      plainListener.createCache(perCache, on).registerCacheEntryListener(remote.configuration(false, false));
      untilWriterKnows(writer, "probe", remote);
      writer.put("a", "1");
      assertEquals(List.of(new Heard<>(EventType.CREATED, "a", "1", null, false)), remote.await(1, WAIT_SECONDS));
    } finally {
      plainWriter.destroyCache(perCache);
      plainWriter.close();
      plainListener.close();
    }

    RedisCacheConfiguration<String, String> off = new RedisCacheConfiguration<String, String>();
    off.setTypes(String.class, String.class);
    off.setRemoteEvents(false);
    Cache<String, String> writer = writerManager.createCache(name, off); // the managers have remote events on
    RecordingListener<String, String> remote = new RecordingListener<>();
    listenerManager.createCache(name, off).registerCacheEntryListener(remote.configuration(false, false));
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      writer.put("b", "1"); // opens the connection to the key's server
      assertEquals(Map.of("set", 1L), sent(counter.measure(() -> writer.put("b", "2"))));
    }
    assertEquals(List.of(), remote.more(500), "the listener hears nothing of the other manager");
  }

  @Test
  void anotherRealJvmHearsPutPutRemoveInOrderWithOldValues() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-cp", classPath, RemoteEventsChild.class.getName(),
        TestRedis.uri().toString(), name).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    try {
      assertEquals("READY", lines.poll(60, TimeUnit.SECONDS), "the child JVM started and registered its listener");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      String line = null;
      while (line == null) { // until the writer has heard of the child's listener
        assertTrue(System.nanoTime() < deadline, "the writer never learnt of the other JVM's listener");
        writer.put("probe", "p");
        line = lines.poll(20, TimeUnit.MILLISECONDS);
      }
      writer.remove("probe");
      while (!line.startsWith("REMOVED probe")) { // the probe's events end with its REMOVED event
        line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(line != null, "the probe's REMOVED event");
      }

      writer.put("dune", "Herbert");
      writer.put("dune", "Frank-Herbert");
      writer.remove("dune");
      List<String> heard = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        heard.add(lines.poll(WAIT_SECONDS, TimeUnit.SECONDS));
      }
      assertEquals(List.of("CREATED dune Herbert null", "UPDATED dune Frank-Herbert Herbert",
          "REMOVED dune Frank-Herbert Frank-Herbert"), heard);
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  @Test
  void eachListenerSeesEveryKeysWritesInTheOrderRedisAppliedThem() throws Exception {
    int threads = 8;
    int updatesPerThread = 1_000;
    int keys = 50;
    Cache<String, Integer> writer = writerManager.createCache(name, configuration(Integer.class));
    Cache<String, Integer> listened = listenerManager.getCache(name, String.class, Integer.class);
    RecordingListener<String, Integer> remote = new RecordingListener<>();
    listened.registerCacheEntryListener(remote.configuration(true, false));
    untilWriterKnows(writer, 0, remote);

    ExecutorService writers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(writers.submit(() -> {
          for (int i = 0; i < updatesPerThread; i++) {
            // Each write raises the key's version by one, atomically across writers (compare-and-set).
            writer.invoke("k" + (thread * 7 + i) % keys, (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
              return null;
            });
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      writers.shutdownNow();
    }

    List<Heard<String, Integer>> heard = remote.await(threads * updatesPerThread, 60);
    assertEquals(threads * updatesPerThread, heard.size());
    Map<String, Integer> lastVersion = new HashMap<>();
    for (Heard<String, Integer> event : heard) {
      Integer previous = lastVersion.get(event.key());
      int expected = previous == null ? 1 : previous + 1;
      assertEquals(expected, event.value(), "key " + event.key() + ": the versions in Redis's order");
      assertEquals(previous == null ? EventType.CREATED : EventType.UPDATED, event.type());
      assertEquals(previous, event.oldValue());
      lastVersion.put(event.key(), event.value());
    }
    for (int k = 0; k < keys; k++) {
      assertEquals(writer.get("k" + k), lastVersion.get("k" + k), "the last event of each key has its value");
    }
    assertEquals(List.of(), remote.more(300));
  }

  @Test
  void entriesExpiringInRedisAreExpiredEventsOnceEachAndNeverRemoved() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1))));
    Cache<String, String> listened = listenerManager.getCache(name, String.class, String.class);
    RecordingListener<String, String> remote = new RecordingListener<>();
    listened.registerCacheEntryListener(remote.configuration(false, false));
    untilWriterKnows(writer, "probe", remote);
    int entries = 100;
    for (int i = 0; i < entries; i++) {
      writer.put("e" + i, "v" + i);
    }
    // Each entry's CREATED event, then its EXPIRED one; entries may expire before the last ones are created.
    List<Heard<String, String>> heard = remote.await(2 * entries, 2 * WAIT_SECONDS);
    List<String> created = heard.stream().filter(event -> event.type() == EventType.CREATED).map(Heard::key).toList();
    List<Heard<String, String>> expired = heard.stream().filter(event -> event.type() != EventType.CREATED).toList();
    assertEquals(entries, created.size(), heard.toString());
    assertEquals(entries, expired.size(), "one EXPIRED event per entry: " + expired);
    assertEquals(entries, expired.stream().map(Heard::key).distinct().count(), "none twice");
    for (Heard<String, String> event : expired) {
      assertEquals(EventType.EXPIRED, event.type(), "never as REMOVED");
      assertNull(event.value(), "Redis's notification carries only the key");
      int createdAt = heard.indexOf(new Heard<>(EventType.CREATED, event.key(), "v" + event.key().substring(1), null,
          false));
      assertTrue(createdAt >= 0 && createdAt < heard.indexOf(event), "after its CREATED event: " + event);
    }
    assertEquals(List.of(), remote.more(1_500), "nothing more");
  }

  @Test
  void aCacheNobodyListensToSendsNothingMoreThanWithoutEvents() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    listenerManager.getCache(name, String.class, String.class); // open there, without listeners
    int puts = 50;
    Runnable putting = () -> {
      for (int i = 0; i < puts; i++) {
        writer.put("quiet" + i, "v");
      }
    };
    putting.run(); // opens the pool's connections (on a cluster, to each master)
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      RedisCommandCounter.Traffic traffic = counter.measure(putting);
      assertEquals(Map.of("set", (long) puts), sent(traffic), "one SET per put, no script, no PUBLISH");
    }
  }

  @Test
  void withAListenerElsewhereEachWriteIsStillOneCommandThatPublishes() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    RecordingListener<String, String> remote = new RecordingListener<>();
    listenerManager.getCache(name, String.class, String.class)
        .registerCacheEntryListener(remote.configuration(false, false));
    untilWriterKnows(writer, "probe", remote); // also loads the script where it runs
    int puts = 50;
    Runnable putting = () -> {
      for (int i = 0; i < puts; i++) {
        writer.put("loud" + i, "v");
      }
    };
    putting.run(); // opens the pool's connections (on a cluster, to each master) and loads the script on each
    assertEquals(puts, remote.await(puts, WAIT_SECONDS).size());
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      RedisCommandCounter.Traffic traffic = counter.measure(putting);
      // The script's own GET, SET and PUBLISH are counted too; the client sent one EVALSHA per put.
      assertEquals(Map.of("evalsha", (long) puts, "get", (long) puts, "set", (long) puts, "publish", (long) puts),
          sent(traffic));
      // One round trip per put (two would be 2 * puts reads); the subscriptions' PINGs may add a few reads.
      assertTrue(traffic.reads() >= puts && traffic.reads() < puts + puts / 5, traffic.toString());
    }
    assertEquals(puts, remote.await(puts, WAIT_SECONDS).size());
  }

  @Test
  void afterTheListenerIsDeregisteredWritersStopPublishing() throws Exception {
    Cache<String, String> writer = writerManager.createCache(name, configuration(String.class));
    Cache<String, String> listened = listenerManager.getCache(name, String.class, String.class);
    RecordingListener<String, String> remote = new RecordingListener<>();
    var registration = remote.configuration(false, false);
    listened.registerCacheEntryListener(registration);
    untilWriterKnows(writer, "probe", remote);
    listened.deregisterCacheEntryListener(registration);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    Map<String, Long> commands;
    try (RedisCommandCounter counter = new RedisCommandCounter()) {
      do {
        commands = sent(counter.measure(() -> writer.put("a", "2")));
      } while (!commands.equals(Map.of("set", 1L)) && System.nanoTime() < deadline);
    }
    assertEquals(Map.of("set", 1L), commands, "the control message told the writer at once");
  }
}
