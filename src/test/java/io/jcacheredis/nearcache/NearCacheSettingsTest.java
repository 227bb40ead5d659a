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
    assertEquals(0, defaults.maxEntriesOf("c", null));
    assertEquals(50, defaults.maxEntriesOf("c", 50L));
    assertEquals(60_000, defaults.maxLifetimeMillis());
    assertEquals(500, defaults.pingIntervalMillis());
    NearCacheSettings on = NearCacheSettings.from(settings(NearCacheSettings.MAX_ENTRIES, "1000"));
    assertEquals(1000, on.maxEntriesOf("c", null));
    assertEquals(0, on.maxEntriesOf("c", 0L), "a cache turns it off for itself");
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
        () -> NearCacheSettings.from(settings()).maxEntriesOf("orders", -5L));
    assertTrue(cache.getMessage().contains("orders") && cache.getMessage().contains("setNearCacheMaxEntries"),
        cache.getMessage());
  }
}
