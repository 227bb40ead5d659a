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
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * The other JVM of {@link RemoteEventsTest}'s two-JVM test: opens the cache named by its arguments with remote events
 * on, registers a listener that asks for old values, prints {@code READY}, then one line per event
 * ({@code TYPE key value oldValue}), until its standard input closes.
 */
public final class RemoteEventsChild {

  private RemoteEventsChild() {
  }

  /** Prints the events it hears. */
  public static final class Printer implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String> {

    private static void print(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        System.out.println(event.getEventType() + " " + event.getKey() + " " + event.getValue() + " "
            + event.getOldValue());
      }
      System.out.flush();
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      print(events);
    }
  }

  /** Arguments: the manager URI, the cache name. */
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty(EventOptions.REMOTE, "true");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(args[0]),
        RemoteEventsChild.class.getClassLoader(), properties);
    try {
      Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(Printer.class), null, true, true));
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
}
