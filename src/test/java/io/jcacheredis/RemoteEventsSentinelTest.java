package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcacheredis.RecordingListener.Heard;
import io.jcacheredis.configuration.EventOptions;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

/** Entry events across JVMs on a master found through Redis Sentinel: the event connection goes to that master. */
@WithRedis
class RemoteEventsSentinelTest {

  private static CacheManager manager(URI uri) {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    ClassLoader loader = new URLClassLoader(new URL[0], RemoteEventsSentinelTest.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(uri, loader, properties);
  }

  @Test
  void aChangeInOneJvmReachesTheOther(SentinelTestServers servers) throws Exception {
    URI uri = URI.create(servers.url());
    CacheManager writerManager = manager(uri);
    CacheManager listenerManager = manager(uri);
    try {
      Cache<String, String> writer = writerManager.createCache("sentinel-events",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      RecordingListener<String, String> remote = new RecordingListener<>();
      listenerManager.getCache("sentinel-events", String.class, String.class)
          .registerCacheEntryListener(remote.configuration(true, false));
      RemoteEventsTest.untilWriterKnows(writer, "probe", remote);
      writer.put("a", "1");
      writer.put("a", "2");
      assertEquals(List.of(new Heard<>(EventType.CREATED, "a", "1", null, false),
          new Heard<>(EventType.UPDATED, "a", "2", "1", true)), remote.await(2, 20));
    } finally {
      listenerManager.close();
      writerManager.close();
    }
  }
}
