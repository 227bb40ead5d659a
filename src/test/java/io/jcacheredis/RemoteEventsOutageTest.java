package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.FreezableProxy.Freeze;
import io.jcacheredis.RecordingListener.Heard;
import io.jcacheredis.configuration.EventOptions;
import io.jcacheredis.configuration.RedisClientFactory;
import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Entry events across JVMs when things go wrong: the listening JVM's connection freezes (a {@link FreezableProxy}
 * between it and its own Redis) and heals; a listener or filter throws.
 */
@WithRedis
@Timeout(120)
class RemoteEventsOutageTest {

  private static final int TIMEOUT_MILLIS = 500;

  private RedisTestServer server;
  private FreezableProxy proxy;
  private CacheManager writerManager;
  private CacheManager listenerManager;

  @BeforeEach
  void start(RedisTestServer server) throws Exception {
    this.server = server;
    proxy = FreezableProxy.start("127.0.0.1", server.port());
    writerManager = manager(server.uri());
    listenerManager = manager(URI.create("redis://127.0.0.1:" + proxy.port() + "?timeout.millis=" + TIMEOUT_MILLIS
        + "&connect-timeout.millis=" + TIMEOUT_MILLIS));
  }

  @AfterEach
  void stop() {
    proxy.thaw();
    listenerManager.close();
    writerManager.close();
    proxy.close();
  }

  private static CacheManager manager(URI uri) {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    return Caching.getCachingProvider().getCacheManager(uri, RemoteEventsOutageTest.class.getClassLoader(),
        properties);
  }

  @Test
  void afterTheEventConnectionFreezesAndHealsDeliveryResumesWithAWarning() throws Exception {
    Cache<String, String> writer = writerManager.createCache("frozen", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    Cache<String, String> listened = listenerManager.getCache("frozen", String.class, String.class);
    RecordingListener<String, String> remote = new RecordingListener<>();
    listened.registerCacheEntryListener(remote.configuration(false, false));
    RemoteEventsTest.untilWriterKnows(writer, "probe", remote);

    String log = TestLogs.capturingStandardError(() -> freezeWriteAndThaw(writer, remote));
    assertTrue(log.contains("the event connection to redis://127.0.0.1:" + proxy.port() + "/0 failed"), log);
    assertTrue(log.contains("are lost"), log);
    assertTrue(log.contains("works again"), log);
  }

  /** Freezes the listening JVM's connection until it is taken for dead, writes, thaws, waits for delivery. */
  private void freezeWriteAndThaw(Cache<String, String> writer, RecordingListener<String, String> remote) {
    try {
      proxy.freeze(Freeze.HUNG_SERVER);
      Thread.sleep(6L * TIMEOUT_MILLIS); // the subscription's PINGs go unanswered for three timeouts: taken for dead
      writer.put("while-frozen", "lost");
      proxy.thaw();
      // Resubscribed within the backoff; the writer still publishes (the listening JVM's lease lasts).
      long deadline = System.nanoTime() + 20_000_000_000L;
      List<Heard<String, String>> heard = List.of();
      int i = 0;
      while (heard.stream().noneMatch(event -> event.key().startsWith("after")) && System.nanoTime() < deadline) {
        writer.put("after" + i++, "heard");
        heard = remote.await(1, 1);
      }
      assertTrue(heard.stream().anyMatch(event -> event.key().startsWith("after")), "delivery resumed");
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aThrowingListenerOrFilterKeepsNoEventFromTheOthers() throws Exception {
    Cache<String, String> writer = writerManager.createCache("throwing", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    Cache<String, String> listened = listenerManager.getCache("throwing", String.class, String.class);
    listened.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(ThrowingListener.class), null, false, true));
    listened.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new RecordingListener<String, String>()), FactoryBuilder.factoryOf(
        ThrowingFilter.class), false, true));
    RecordingListener<String, String> remote = new RecordingListener<>();
    listened.registerCacheEntryListener(remote.configuration(false, true));
    RemoteEventsTest.untilWriterKnows(writer, "probe", remote);

    writer.put("a", "1");
    writer.put("b", "2");
    List<Heard<String, String>> heard = remote.await(2, 20);
    assertEquals(List.of(new Heard<>(EventType.CREATED, "a", "1", null, false),
        new Heard<>(EventType.CREATED, "b", "2", null, false)), heard);
  }

  @Test
  void aClientWhoseNodesAreUnknownIsRefusedWithTheWayOut() {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    properties.setProperty(RedisSettings.CLIENT_FACTORY, ForeignClient.class.getName());
    ClassLoader ownManager = new URLClassLoader(new URL[0], RemoteEventsOutageTest.class.getClassLoader());
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(server.uri(), ownManager, properties)) {
      CacheException refused = assertThrows(CacheException.class, () -> manager.createCache("foreign",
          new MutableConfiguration<String, String>()));
      assertTrue(refused.getMessage().contains(RedisSettings.CLIENT_FACTORY)
          && refused.getMessage().contains(EventOptions.REMOTE), refused.getMessage());
    }
  }

  @Test
  void managersInTheMultiplexedConnectionModeHearEachOther() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    properties.setProperty(RedisSettings.CONNECTION_MODE, "multiplexed");
    try (CacheManager writing = Caching.getCachingProvider().getCacheManager(server.uri(),
        new URLClassLoader(new URL[0], RemoteEventsOutageTest.class.getClassLoader()), properties);
        CacheManager listening = Caching.getCachingProvider().getCacheManager(server.uri(),
            new URLClassLoader(new URL[0], RemoteEventsOutageTest.class.getClassLoader()), properties)) {
      Cache<String, String> writer = writing.createCache("multiplexed", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      RecordingListener<String, String> remote = new RecordingListener<>();
      listening.getCache("multiplexed", String.class, String.class)
          .registerCacheEntryListener(remote.configuration(true, false));
      RemoteEventsTest.untilWriterKnows(writer, "probe", remote);
      writer.put("m", "1");
      writer.put("m", "2");
      assertEquals(List.of(new Heard<>(EventType.CREATED, "m", "1", null, false),
          new Heard<>(EventType.UPDATED, "m", "2", "1", true)), remote.await(2, 20));
    }
  }

  /** A client of the application's own, not the provider's: its nodes are not known. */
  public static final class ForeignClient implements RedisClientFactory {
    @Override
    public UnifiedJedis create(RedisSettings settings) {
      return RedisClient.create(settings.endpoint().host(), settings.endpoint().port());
    }
  }

  /** A listener that always throws. */
  public static final class ThrowingListener implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      throw new IllegalStateException("listener fails on purpose");
    }
  }

  /** A filter that always throws. */
  public static final class ThrowingFilter implements CacheEntryEventFilter<String, String> {
    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      throw new IllegalStateException("filter fails on purpose");
    }
  }
}
