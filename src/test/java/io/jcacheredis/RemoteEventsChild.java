package io.jcacheredis;

import io.jcacheredis.configuration.EventOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The other JVM of {@link RemoteEventsTest}'s two-JVM test: opens the cache named by its arguments with remote events
 * on, registers a listener that asks for old values, prints {@code READY}, then one line per event
 * ({@code TYPE key value oldValue}), until its standard input closes.
 */
public final class RemoteEventsChild {

  private RemoteEventsChild() {
  }

  /** Arguments: the manager URI, the cache name. */
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(args[0]),
        RemoteEventsChild.class.getClassLoader(), properties);
    try {
      Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
      RecordingListener<String, String> listener = new RecordingListener<>();
      cache.registerCacheEntryListener(listener.configuration(true, true));
      Thread printer = new Thread(() -> print(listener));
      printer.setDaemon(true);
      printer.start();
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until the parent closes its input
      }
    } finally {
      manager.close();
    }
  }

  private static void print(RecordingListener<String, String> listener) {
    try {
      while (true) {
        for (RecordingListener.Heard<String, String> event : listener.await(1, 60)) {
          System.out.println(event.type() + " " + event.key() + " " + event.value() + " " + event.oldValue());
          System.out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
