package io.jcacheredis.event;

import io.jcacheredis.util.CacheResources;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one cache in this JVM. Operations ask {@link #isEmpty()} first so that a cache without listeners
 * pays nothing, and {@link #wantsOldValues()} to know whether Redis must return previous values. The JVM's own
 * changes are dispatched by the operation that made them ({@link #dispatch}); those of other JVMs arrive through
 * {@link #dispatchRemote}, which its {@link ListenerObserver} (told of every change of the listeners) feeds.
 */
public final class EventDispatcher<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final Cache<K, V> source;
  private final CacheResources resources;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final ListenerObserver<K, V> observer;
  private volatile boolean empty = true;

  /** @param resources owns the listeners and filters the registered configurations' factories create */
  public EventDispatcher(Cache<K, V> source, CacheResources resources) {
    this(source, resources, ListenerObserver.none());
  }

  /**
   * @param resources owns the listeners and filters the registered configurations' factories create
   * @param observer told whenever the listeners change
   */
  public EventDispatcher(Cache<K, V> source, CacheResources resources, ListenerObserver<K, V> observer) {
    this.source = source;
    this.resources = resources;
    this.observer = observer;
  }

  /** Registers a listener; throws IllegalArgumentException if the same configuration is already registered. */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This cache entry listener configuration is already registered");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, resources));
    empty = false;
    observer.listenersChanged(this);
  }

  /**
   * Deregisters a listener and closes it and its filter.
   *
   * @throws javax.cache.CacheException when closing them failed (the listener is deregistered all the same)
   */
  public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        empty = registrations.isEmpty();
        registration.close();
      }
    }
    empty = registrations.isEmpty();
    observer.listenersChanged(this);
  }

  public boolean isEmpty() {
    return empty;
  }

  /** Whether some listener hears EXPIRED events. */
  public boolean hearsExpired() {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.listener() instanceof CacheEntryExpiredListener) {
        return true;
      }
    }
    return false;
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

  /**
   * Changes another JVM made (or expiries inside Redis), on the thread that receives them: each listener gets them
   * as it gets this JVM's own (synchronous ones on this thread, asynchronous ones on theirs), and a filter or
   * listener that throws is logged as a WARN without keeping them from the other listeners.
   */
  void dispatchRemote(List<EntryChange<K, V>> changes) {
    for (ListenerRegistration<K, V> registration : registrations) {
      try {
        registration.deliver(source, changes);
      } catch (RuntimeException e) {
        LOG.warn("Cache {}: a listener failed on an event from another JVM; the other listeners get it all the same",
            source.getName(), e);
      }
    }
  }

  /** The cache closes: no more deliveries (its {@link CacheResources} closes the listeners and filters). */
  public synchronized void stop() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.stop();
    }
    registrations.clear();
    empty = true;
    observer.listenersChanged(this);
  }
}
