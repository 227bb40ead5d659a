package io.jcacheredis.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.util.CacheResources;
import java.io.Closeable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which listeners {@link EventDispatcher} calls for a CREATED, UPDATED, REMOVED or EXPIRED change: only those
 * implementing the event's listener interface, only for events their filter accepts, with the old value only for
 * listeners that asked for it (always for REMOVED and EXPIRED, whose value is the old one), synchronously in the
 * caller's thread or asynchronously in order. No server, no cache: the source is a proxy.
 */
@Timeout(10)
class EventDispatcherTest {

  @SuppressWarnings("unchecked")
  private static final Cache<String, String> SOURCE = (Cache<String, String>) Proxy.newProxyInstance(
      EventDispatcherTest.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
        if (method.getName().equals("toString")) {
          return "source cache";
        }
        throw new UnsupportedOperationException(method.getName());
      });

  private final EventDispatcher<String, String> dispatcher =
      new EventDispatcher<>(SOURCE, new CacheResources("event-dispatcher-test"));
  private final List<CacheEntryListenerConfiguration<String, String>> registered = new ArrayList<>();

  /** Deregisters what the test registered: stops asynchronous listeners' threads, closes listeners and filters. */
  @AfterEach
  void deregisterAll() {
    registered.forEach(dispatcher::deregister);
  }

  private void register(MutableCacheEntryListenerConfiguration<String, String> configuration) {
    dispatcher.register(configuration);
    registered.add(configuration);
  }

  /** Records each event as "TYPE key=value (old)" or "TYPE key=value (no old)". */
  static class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String> {

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> received) {
      for (CacheEntryEvent<? extends String, ? extends String> event : received) {
        assertSame(SOURCE, event.getSource());
        events.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue()
            + (event.isOldValueAvailable() ? " (" + event.getOldValue() + ")"
            : event.getOldValue() == null ? " (no old)" : " (unavailable, yet " + event.getOldValue() + ")"));
        threads.add(Thread.currentThread());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }
  }

  /** Only CREATED and REMOVED. */
  static final class CreatedAndRemovedOnly implements CacheEntryCreatedListener<String, String>,
      CacheEntryRemovedListener<String, String> {

    final Recorder recorder = new Recorder();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      recorder.record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      recorder.record(events);
    }
  }

  private static <L extends CacheEntryListener<String, String>> MutableCacheEntryListenerConfiguration<String, String>
      configuration(L listener, CacheEntryEventFilter<String, String> filter, boolean oldValue, boolean sync) {
    Factory<CacheEntryListener<? super String, ? super String>> listenerFactory = () -> listener;
    Factory<CacheEntryEventFilter<? super String, ? super String>> filterFactory = () -> filter;
    return new MutableCacheEntryListenerConfiguration<>(listenerFactory, filter == null ? null : filterFactory,
        oldValue, sync);
  }

  private void allFourChanges() {
    dispatcher.created("k", "v1");
    dispatcher.updated("k", "v2", "v1");
    dispatcher.removed("k", "v2");
    dispatcher.expired("e", "gone");
  }

  @Test
  void aListenerOfEveryTypeReceivesEveryChangeWithOldValuesWhenItAskedForThem() {
    Recorder recorder = new Recorder();
    register(configuration(recorder, null, true, true));
    allFourChanges();
    assertEquals(List.of("CREATED k=v1 (no old)", "UPDATED k=v2 (v1)", "REMOVED k=v2 (v2)", "EXPIRED e=gone (gone)"),
        recorder.events);
  }

  @Test
  void aListenerThatDidNotAskForOldValuesGetsNoneOnUpdatesButStillOnRemovalsAndExpiries() {
    Recorder recorder = new Recorder();
    register(configuration(recorder, null, false, true));
    allFourChanges();
    assertEquals(List.of("CREATED k=v1 (no old)", "UPDATED k=v2 (no old)", "REMOVED k=v2 (v2)",
        "EXPIRED e=gone (gone)"), recorder.events);
  }

  @Test
  void aRemovalWhoseOldValueIsUnknownCarriesNone() {
    Recorder recorder = new Recorder();
    register(configuration(recorder, null, true, true));
    dispatcher.removed("k", null);
    assertEquals(List.of("REMOVED k=null (no old)"), recorder.events);
  }

  @Test
  void aListenerReceivesOnlyTheTypesItImplements() {
    CreatedAndRemovedOnly listener = new CreatedAndRemovedOnly();
    Recorder all = new Recorder();
    register(configuration(listener, null, true, true));
    register(configuration(all, null, true, true));
    allFourChanges();
    assertEquals(List.of("CREATED k=v1 (no old)", "REMOVED k=v2 (v2)"), listener.recorder.events);
    assertEquals(4, all.events.size(), "each registration selects for itself");
  }

  @Test
  void aFilterSeesTheEventAsItsListenerWouldAndDropsWhatItRejects() {
    Recorder recorder = new Recorder();
    List<String> filtered = new ArrayList<>();
    CacheEntryEventFilter<String, String> filter = event -> {
      filtered.add(event.getEventType() + " " + event.isOldValueAvailable());
      return event.getEventType() != EventType.UPDATED && !event.getKey().equals("e");
    };
    register(configuration(recorder, filter, false, true));
    allFourChanges();
    assertEquals(List.of("CREATED false", "UPDATED false", "REMOVED true", "EXPIRED true"), filtered,
        "the filter sees only events of types the listener takes, with the old value the listener would get");
    assertEquals(List.of("CREATED k=v1 (no old)", "REMOVED k=v2 (v2)"), recorder.events);
  }

  @Test
  void aFilterIsNotAskedAboutTypesItsListenerDoesNotTake() {
    List<EventType> filtered = new ArrayList<>();
    register(configuration(new CreatedAndRemovedOnly(), event -> filtered.add(event.getEventType()),
        false, true));
    allFourChanges();
    assertEquals(List.of(EventType.CREATED, EventType.REMOVED), filtered);
  }

  @Test
  void withoutListenersNothingIsDeliveredAndNoOldValuesAreNeeded() {
    assertTrue(dispatcher.isEmpty());
    assertFalse(dispatcher.wantsOldValues());
    allFourChanges(); // nothing to call, nothing thrown
    Recorder recorder = new Recorder();
    MutableCacheEntryListenerConfiguration<String, String> configuration = configuration(recorder, null, false, true);
    register(configuration);
    assertFalse(dispatcher.isEmpty());
    assertTrue(dispatcher.wantsOldValues(), "even a listener without old values needs created vs updated");
    dispatcher.deregister(configuration);
    assertTrue(dispatcher.isEmpty());
    allFourChanges();
    assertTrue(recorder.events.isEmpty());
  }

  @Test
  void theSameConfigurationCannotBeRegisteredTwice() {
    MutableCacheEntryListenerConfiguration<String, String> configuration =
        configuration(new Recorder(), null, false, true);
    register(configuration);
    assertThrows(IllegalArgumentException.class, () -> dispatcher.register(configuration));
  }

  @Test
  void oneOperationsChangesAreDeliveredInOrderAsSeparateEvents() {
    Recorder recorder = new Recorder();
    register(configuration(recorder, null, true, true));
    dispatcher.dispatch(List.of(EntryChange.created("a", "1"), EntryChange.updated("b", "2", "1"),
        EntryChange.removed("c", "3")));
    assertEquals(List.of("CREATED a=1 (no old)", "UPDATED b=2 (1)", "REMOVED c=3 (3)"), recorder.events);
  }

  @Test
  void aSynchronousListenerRunsInTheCallersThreadAndItsFailureReachesTheCaller() {
    Recorder recorder = new Recorder();
    register(configuration(recorder, null, false, true));
    dispatcher.created("k", "v");
    assertEquals(List.of(Thread.currentThread()), recorder.threads);

    CacheEntryCreatedListener<String, String> failing = events -> {
      throw new IllegalStateException("listener failed");
    };
    register(configuration(failing, null, false, true));
    CacheEntryListenerException thrown = assertThrows(CacheEntryListenerException.class,
        () -> dispatcher.created("k2", "v"));
    assertTrue(thrown.getCause() instanceof IllegalStateException, String.valueOf(thrown.getCause()));
  }

  @Test
  void anAsynchronousListenerRunsOnItsOwnThreadInOrderAndItsFailureIsOnlyLogged() throws Exception {
    Recorder recorder = new Recorder();
    CacheEntryCreatedListener<String, String> failing = events -> {
      throw new IllegalStateException("asynchronous listener failed");
    };
    register(configuration(failing, null, false, false));
    register(configuration(recorder, null, true, false));
    dispatcher.created("a", "1"); // nothing thrown here
    dispatcher.updated("a", "2", "1");
    dispatcher.removed("a", "2");
    awaitEvents(recorder, 3);
    assertEquals(List.of("CREATED a=1 (no old)", "UPDATED a=2 (1)", "REMOVED a=2 (2)"), recorder.events);
    assertNotEquals(Thread.currentThread(), recorder.threads.get(0));
    assertEquals(1, recorder.threads.stream().distinct().count(), "one thread per listener keeps the order");
  }

  private static void awaitEvents(Recorder recorder, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (recorder.events.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void deregisteringClosesTheListenerAndTheFilter() {
    List<String> closed = new ArrayList<>();
    class ClosingListener extends Recorder implements Closeable {
      @Override
      public void close() {
        closed.add("listener");
      }
    }
    abstract class ClosingFilter implements CacheEntryEventFilter<String, String>, Closeable {
    }
    CacheEntryEventFilter<String, String> filter = new ClosingFilter() {
      @Override
      public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
        return true;
      }

      @Override
      public void close() {
        closed.add("filter");
      }
    };
    MutableCacheEntryListenerConfiguration<String, String> first = configuration(new ClosingListener(), filter,
        false, true);
    dispatcher.register(first);
    dispatcher.deregister(first);
    assertEquals(List.of("listener", "filter"), closed);
    assertTrue(dispatcher.isEmpty());
  }
}
