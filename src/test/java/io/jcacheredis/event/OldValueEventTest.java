package io.jcacheredis.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcacheredis.AlsoOnCluster;
import io.jcacheredis.TestRedis;
import io.jcacheredis.WritePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What synchronous listeners receive from the writes that replace a value: an UPDATED event carries the new value,
 * and for a listener registered with {@code isOldValueRequired=true} the exact value it replaced (for one that did
 * not ask, none); a CREATED event carries no old value. On every {@link WritePath}: the direct ones (the previous
 * value comes back from Redis with the write: SET GET, or the put script) and the read-decide-write one (the previous
 * value is the one read before the compare-and-set).
 */
@AlsoOnCluster
class OldValueEventTest {

  private CacheManager manager;
  private String name;
  private Cache<String, String> cache;
  /** Events of the listener that asked for old values, as text. */
  private final List<String> withOld = new ArrayList<>();
  /** Events of the listener that did not. */
  private final List<String> withoutOld = new ArrayList<>();

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("old-values");
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
  }

  private void createCache(WritePath path) {
    cache = manager.createCache(name, path.configure(new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)));
    cache.registerCacheEntryListener(listener(withOld, true));
    cache.registerCacheEntryListener(listener(withoutOld, false));
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener(List<String> events,
      boolean oldValueRequired) {
    Factory<Recorder> factory = () -> new Recorder(events);
    return new MutableCacheEntryListenerConfiguration<>(factory, null, oldValueRequired, true);
  }

  /** Records each event as {@code TYPE key=value (old: oldValue | no old)}. */
  private static final class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String> {
    private final List<String> events;

    Recorder(List<String> events) {
      this.events = events;
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> received) {
      for (CacheEntryEvent<? extends String, ? extends String> event : received) {
        // getOldValue() must be null whenever isOldValueAvailable() is false: both are recorded.
        String old = event.isOldValueAvailable() ? "old: " + event.getOldValue()
            : event.getOldValue() == null ? "no old" : "unavailable old " + event.getOldValue();
        events.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue() + " (" + old + ")");
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> received) {
      record(received);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> received) {
      record(received);
    }
  }

  /** Asserts what each listener received since the last call, and forgets it. */
  private void assertEvents(List<String> expectedWithOld, List<String> expectedWithoutOld) {
    assertEquals(expectedWithOld, List.copyOf(withOld), "listener with isOldValueRequired=true");
    assertEquals(expectedWithoutOld, List.copyOf(withoutOld), "listener with isOldValueRequired=false");
    withOld.clear();
    withoutOld.clear();
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void putCreatesWithoutOldValueThenUpdatesWithThePreviousOne(WritePath path) {
    createCache(path);
    cache.put("k", "v1");
    assertEvents(List.of("CREATED k=v1 (no old)"), List.of("CREATED k=v1 (no old)"));
    cache.put("k", "v2");
    assertEvents(List.of("UPDATED k=v2 (old: v1)"), List.of("UPDATED k=v2 (no old)"));
    cache.put("k", "v3");
    assertEvents(List.of("UPDATED k=v3 (old: v2)"), List.of("UPDATED k=v3 (no old)"));
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void getAndPutUpdatesWithThePreviousValue(WritePath path) {
    createCache(path);
    assertEquals(null, cache.getAndPut("k", "v1"));
    assertEvents(List.of("CREATED k=v1 (no old)"), List.of("CREATED k=v1 (no old)"));
    assertEquals("v1", cache.getAndPut("k", "v2"));
    assertEvents(List.of("UPDATED k=v2 (old: v1)"), List.of("UPDATED k=v2 (no old)"));
    assertEquals("v2", cache.getAndPut("k", "v3"));
    assertEvents(List.of("UPDATED k=v3 (old: v2)"), List.of("UPDATED k=v3 (no old)"));
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void putAllUpdatesEachEntryWithItsOwnPreviousValue(WritePath path) {
    createCache(path);
    cache.put("a", "a1");
    cache.put("b", "b1");
    withOld.clear();
    withoutOld.clear();
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("a", "a2");
    batch.put("new", "n1");
    batch.put("b", "b2");
    cache.putAll(batch);
    assertEquals(List.of("CREATED new=n1 (no old)", "UPDATED a=a2 (old: a1)", "UPDATED b=b2 (old: b1)"),
        sorted(withOld));
    assertEquals(List.of("CREATED new=n1 (no old)", "UPDATED a=a2 (no old)", "UPDATED b=b2 (no old)"),
        sorted(withoutOld));
    withOld.clear();
    withoutOld.clear();

    batch.replaceAll((key, value) -> value.replace('1', '3').replace('2', '3'));
    cache.putAll(batch);
    assertEquals(List.of("UPDATED a=a3 (old: a2)", "UPDATED b=b3 (old: b2)", "UPDATED new=n3 (old: n1)"),
        sorted(withOld));
    assertEquals(List.of("UPDATED a=a3 (no old)", "UPDATED b=b3 (no old)", "UPDATED new=n3 (no old)"),
        sorted(withoutOld));
  }

  @ParameterizedTest
  @EnumSource(WritePath.class)
  void replaceAndInvokeUpdateWithThePreviousValue(WritePath path) {
    createCache(path);
    cache.put("k", "v1");
    withOld.clear();
    withoutOld.clear();
    assertEquals(true, cache.replace("k", "v2"));
    assertEvents(List.of("UPDATED k=v2 (old: v1)"), List.of("UPDATED k=v2 (no old)"));
    assertEquals("v2", cache.getAndReplace("k", "v3"));
    assertEvents(List.of("UPDATED k=v3 (old: v2)"), List.of("UPDATED k=v3 (no old)"));
    assertEquals(true, cache.replace("k", "v3", "v4"));
    assertEvents(List.of("UPDATED k=v4 (old: v3)"), List.of("UPDATED k=v4 (no old)"));
    cache.invoke("k", (entry, args) -> {
      entry.setValue(entry.getValue() + "+");
      return null;
    });
    assertEvents(List.of("UPDATED k=v4+ (old: v4)"), List.of("UPDATED k=v4+ (no old)"));
  }

  private static List<String> sorted(List<String> events) {
    List<String> copy = new ArrayList<>(events);
    copy.sort(null);
    return copy;
  }
}
