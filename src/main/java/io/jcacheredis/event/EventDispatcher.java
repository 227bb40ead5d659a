package io.jcacheredis.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * The listeners of one cache in this JVM. Operations ask {@link #isEmpty()} first so that a cache without listeners
 * pays nothing, and {@link #wantsOldValues()} to know whether Redis must return previous values.
 */
public final class EventDispatcher<K, V> implements AutoCloseable {

  private final Cache<K, V> source;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private volatile boolean empty = true;

  public EventDispatcher(Cache<K, V> source) {
    this.source = source;
  }

  /** Registers a listener; throws IllegalArgumentException if the same configuration is already registered. */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This cache entry listener configuration is already registered");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration));
    empty = false;
  }

  public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        registration.close();
      }
    }
    empty = registrations.isEmpty();
  }

  public boolean isEmpty() {
    return empty;
  }

  /** True when some listener exists: operations then need to know created vs updated and the previous value. */
  public boolean wantsOldValues() {
    return !empty;
  }

  // One method per event type, so that a cache without listeners allocates no event at all.

  public void created(K key, V value) {
    if (!empty) {
      dispatch(List.of(EntryChange.created(key, value)));
    }
  }

  public void updated(K key, V value, V oldValue) {
    if (!empty) {
      dispatch(List.of(EntryChange.updated(key, value, oldValue)));
    }
  }

  public void removed(K key, V oldValue) {
    if (!empty) {
      dispatch(List.of(EntryChange.removed(key, oldValue)));
    }
  }

  public void expired(K key, V oldValue) {
    if (!empty) {
      dispatch(List.of(new EntryChange<>(EventType.EXPIRED, key, oldValue, oldValue)));
    }
  }

  public void dispatch(List<EntryChange<K, V>> changes) {
    if (empty || changes.isEmpty()) {
      return;
    }
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.deliver(source, changes);
    }
  }

  @Override
  public synchronized void close() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
    empty = true;
  }
}
