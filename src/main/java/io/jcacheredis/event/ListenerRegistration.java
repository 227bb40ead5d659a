package io.jcacheredis.event;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import io.jcacheredis.util.CacheResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered listener: its filter, whether it wants old values, and how it is called. Synchronous listeners run
 * in the caller's thread before the operation returns; asynchronous ones run on a single thread of their own, so
 * each listener sees events in the order the operations completed.
 */
final class ListenerRegistration<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerRegistration.class);

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final ExecutorService executor;
  private final CacheResources resources;

  /** Creates the listener and its filter with the configuration's factories; {@code resources} owns them. */
  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, CacheResources resources) {
    this.configuration = configuration;
    this.resources = resources;
    this.listener = resources.own(configuration.getCacheEntryListenerFactory().create());
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : resources.own(filterFactory.create());
    this.executor = configuration.isSynchronous() ? null : Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "jcache-redis-listener");
      thread.setDaemon(true);
      return thread;
    });
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  CacheEntryListener<? super K, ? super V> listener() {
    return listener;
  }

  boolean wantsOldValue() {
    return configuration.isOldValueRequired();
  }

  /** Delivers the changes of one operation that this listener subscribes to and its filter accepts. */
  void deliver(Cache<K, V> source, List<EntryChange<K, V>> changes) {
    for (EntryChange<K, V> change : changes) {
      if (!subscribes(change)) {
        continue;
      }
      // A removed or expired entry's value is its old value, so both are always given (TCK's reading of 1.1).
      boolean withOld = change.oldValue() != null && (configuration.isOldValueRequired()
          || change.type() == EventType.REMOVED || change.type() == EventType.EXPIRED);
      CacheEntryEvent<K, V> event = new RedisCacheEntryEvent<>(source, change.type(), change.key(), change.value(),
          change.oldValue(), withOld);
      if (filter != null && !filter.evaluate(event)) {
        continue;
      }
      if (executor == null) {
        call(event);
      } else {
        executor.execute(() -> {
          try {
            call(event);
          } catch (RuntimeException e) {
            LOG.warn("Asynchronous cache entry listener {} failed", listener, e);
          }
        });
      }
    }
  }

  private boolean subscribes(EntryChange<K, V> change) {
    switch (change.type()) {
      case CREATED: return listener instanceof CacheEntryCreatedListener;
      case UPDATED: return listener instanceof CacheEntryUpdatedListener;
      case REMOVED: return listener instanceof CacheEntryRemovedListener;
      default: return listener instanceof CacheEntryExpiredListener;
    }
  }

  @SuppressWarnings("unchecked")
  private void call(CacheEntryEvent<K, V> event) {
    List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
    try {
      switch (event.getEventType()) {
        case CREATED:
          ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
          break;
        case UPDATED:
          ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
          break;
        case REMOVED:
          ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
          break;
        default:
          ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("Cache entry listener " + listener + " failed", e);
    }
  }

  /**
   * The listener is deregistered: stops delivering and closes the listener and its filter now.
   *
   * @throws javax.cache.CacheException when closing one of them failed (both were closed)
   */
  void close() {
    stop();
    resources.close(listener, filter);
  }

  /**
   * The cache closes: waits (up to a second) for the asynchronous deliveries already queued, then delivers no more.
   * The cache's {@link CacheResources} closes the listener and its filter afterwards.
   */
  void stop() {
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
