package io.jcacheredis.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** The entry-event settings: defaults, a cache's own choice, and bad values named with how to fix them. */
class EventOptionsTest {

  private static Properties settings(String name, String value) {
    Properties properties = new Properties();
    properties.setProperty(name, value);
    return properties;
  }

  @Test
  void offByDefaultWithAThirtySecondLeaseAndACacheMayChooseForItself() {
    EventOptions defaults = EventOptions.from(new Properties());
    assertFalse(defaults.remote(null));
    assertTrue(defaults.remote(true));
    assertEquals(30_000, defaults.leaseMillis());
    EventOptions on = EventOptions.from(settings(EventOptions.REMOTE, " TRUE "));
    assertTrue(on.remote(null));
    assertFalse(on.remote(false));
  }

  @Test
  void badValuesNameTheSetting() {
    CacheException notBoolean = assertThrows(CacheException.class,
        () -> EventOptions.from(settings(EventOptions.REMOTE, "yes")));
    assertTrue(notBoolean.getMessage().contains(EventOptions.REMOTE), notBoolean.getMessage());
    CacheException tooShort = assertThrows(CacheException.class,
        () -> EventOptions.from(settings(EventOptions.LEASE, "500")));
    assertTrue(tooShort.getMessage().contains(EventOptions.LEASE) && tooShort.getMessage().contains("at least 1000"),
        tooShort.getMessage());
  }
}
