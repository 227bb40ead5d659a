package io.jcacheredis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** A listener of every event type that keeps what it heard, for tests that wait for events arriving asynchronously. */
final class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>, CacheEntryUpdatedListener<K, V>,
    CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>, Serializable {

  private static final long serialVersionUID = 1L;

  /** One event as heard. */
  record Heard<K, V>(EventType type, K key, V value, V oldValue, boolean oldValueAvailable) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final BlockingQueue<Heard<K, V>> heard = new LinkedBlockingQueue<>();

  /** A registration of this listener (no filter). */
  CacheEntryListenerConfiguration<K, V> configuration(boolean oldValueRequired, boolean synchronous) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(this), null, oldValueRequired,
        synchronous);
  }

  /** Waits for {@code count} events (at most {@code seconds}); fewer when they did not come. */
  List<Heard<K, V>> await(int count, long seconds) throws InterruptedException {
    List<Heard<K, V>> events = new ArrayList<>(count);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (events.size() < count) {
      Heard<K, V> next = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      events.add(next);
    }
    return events;
  }

  /** What else arrives within {@code millis}. */
  List<Heard<K, V>> more(long millis) throws InterruptedException {
    Thread.sleep(millis);
    List<Heard<K, V>> events = new ArrayList<>();
    heard.drainTo(events);
    return events;
  }

  private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    for (CacheEntryEvent<? extends K, ? extends V> event : events) {
      heard.add(new Heard<>(event.getEventType(), event.getKey(), event.getValue(), event.getOldValue(),
          event.isOldValueAvailable()));
    }
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }
}
