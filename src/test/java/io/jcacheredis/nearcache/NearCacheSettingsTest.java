package io.jcacheredis.nearcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** The near-cache settings: defaults, a cache's own maximum, and bad values named with how to fix them. */
class NearCacheSettingsTest {

  private static Properties settings(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void offUnlessTheManagerOrTheCacheSaysHowMany() {
    NearCacheSettings defaults = NearCacheSettings.from(settings());
    assertTrue(defaults.boundOf("c", null).isNone());
    assertEquals(LocalBound.entries(50), defaults.boundOf("c", 50L));
    assertEquals(60_000, defaults.maxLifetimeMillis());
    assertEquals(500, defaults.pingIntervalMillis());
    NearCacheSettings on = NearCacheSettings.from(settings(NearCacheSettings.MAX_ENTRIES, "1000"));
    assertEquals(LocalBound.entries(1000), on.boundOf("c", null));
    assertTrue(on.boundOf("c", 0L).isNone(), "a cache turns it off for itself");
  }

  @Test
  void maxBytesAloneTurnsItOnBoundedInBytesAndCannotBeCombinedWithMaxEntries() {
    NearCacheSettings bytes = NearCacheSettings.from(settings(NearCacheSettings.MAX_BYTES, "1048576"));
    assertEquals(LocalBound.bytes(1_048_576), bytes.boundOf("c", null));
    assertEquals(LocalBound.entries(50), bytes.boundOf("c", 50L), "a cache's own maximum of entries wins");
    assertTrue(bytes.boundOf("c", 0L).isNone(), "a cache turns it off for itself");
    CacheException both = assertThrows(CacheException.class, () -> NearCacheSettings.from(
        settings(NearCacheSettings.MAX_ENTRIES, "10", NearCacheSettings.MAX_BYTES, "1000")));
    assertTrue(both.getMessage().contains(NearCacheSettings.MAX_ENTRIES)
        && both.getMessage().contains(NearCacheSettings.MAX_BYTES) && both.getMessage().contains("one of them"),
        both.getMessage());
    CacheException negative = assertThrows(CacheException.class,
        () -> NearCacheSettings.from(settings(NearCacheSettings.MAX_BYTES, "-1")));
    assertTrue(negative.getMessage().contains(NearCacheSettings.MAX_BYTES), negative.getMessage());
  }

  @Test
  void badValuesNameTheSettingAndWhatItMustBe() {
    CacheException negative = assertThrows(CacheException.class,
        () -> NearCacheSettings.from(settings(NearCacheSettings.MAX_ENTRIES, "-1")));
    assertTrue(negative.getMessage().contains(NearCacheSettings.MAX_ENTRIES)
        && negative.getMessage().contains("at least 0"), negative.getMessage());
    CacheException text = assertThrows(CacheException.class,
        () -> NearCacheSettings.from(settings(NearCacheSettings.MAX_LIFETIME, "soon")));
    assertTrue(text.getMessage().contains(NearCacheSettings.MAX_LIFETIME), text.getMessage());
    CacheException ping = assertThrows(CacheException.class,
        () -> NearCacheSettings.from(settings(NearCacheSettings.PING_INTERVAL, "1")));
    assertTrue(ping.getMessage().contains("at least 10"), ping.getMessage());
    CacheException cache = assertThrows(CacheException.class,
        () -> NearCacheSettings.from(settings()).boundOf("orders", -5L));
    assertTrue(cache.getMessage().contains("orders") && cache.getMessage().contains("setNearCacheMaxEntries"),
        cache.getMessage());
  }
}
