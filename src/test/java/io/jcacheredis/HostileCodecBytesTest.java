package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.jcacheredis.codec.ForgedBytes;
import io.jcacheredis.codec.UnreadableClassException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/** Whatever sits in Redis, the json and java codecs read it as Kryo does: no class outside the rules, no blow-up. */
@AlsoOnCluster
@Timeout(120)
class HostileCodecBytesTest {

  /** Stands in for a gadget: on the class path, but no cache here may read it. */
  public static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    public String command = "rm -rf /";
  }

  /** Set when {@link JsonGadget} is initialised, which only reading hostile JSON could do. */
  static volatile boolean jsonGadgetInitialised;

  /** A gadget no test creates: initialising it would be the JSON codec's doing. */
  public static final class JsonGadget {
    static {
      jsonGadgetInitialised = true;
    }

    public String command = "rm -rf /";
  }

  /** A value type that asks Jackson for polymorphic typing by class name, which the json codec refuses. */
  public static final class Envelope {
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public Object payload;
  }

  /** A value type with a number of any length. */
  public record Price(BigDecimal amount) {
  }

  private HostileBytesTest.RecordingLoader loader;
  private CacheManager manager;
  private String name;
  private UnifiedJedis raw;

  @BeforeEach
  void open() {
    loader = new HostileBytesTest.RecordingLoader(getClass().getClassLoader());
    manager = Caching.getCachingProvider().getCacheManager(TestRedis.uri(), loader, new Properties());
    name = TestRedis.uniqueName("hostile-codec");
    raw = TestRedis.raw();
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
    manager.close();
    raw.close();
  }

  private <V> Cache<String, V> strict(Class<V> valueType, String codec) {
    return manager.createCache(name, new RedisCacheConfiguration<String, V>().setCodec(codec)
        .setThrowOnUnreadableValues(true).setTypes(String.class, valueType));
  }

  private void rawSet(String key, byte[] value) {
    raw.set(("jcache:" + name + ":" + key).getBytes(StandardCharsets.UTF_8), value);
  }

  private void rawSet(String key, String json) {
    rawSet(key, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(Cache<String, ?> cache, String key, String... reasons) {
    CacheException refused = assertThrows(CacheException.class, () -> cache.get(key));
    for (String reason : reasons) {
      assertTrue(String.valueOf(refused.getMessage()).contains(reason), reason + " in: " + refused.getMessage());
    }
  }

  @Test
  void jsonNamingAClassIsRefusedAndTheClassIsNeverLoaded() {
    Cache<String, Envelope> envelopes = strict(Envelope.class, "json");
    String gadget = HostileCodecBytesTest.class.getName() + "$JsonGadget"; // named, never loaded by this test
    rawSet("evil", "{\"payload\":{\"@class\":\"" + gadget + "\",\"command\":\"rm -rf /\"}}");
    assertRefused(envelopes, "evil", name, "evil");
    assertFalse(loader.requested.contains(gadget), "requested: " + loader.requested);
    assertFalse(jsonGadgetInitialised, "the gadget class was initialised");
  }

  @Test
  void jsonNestingDeeperThanKryoAllowsOrHugeNumbersAreRefused() {
    @SuppressWarnings("rawtypes") // the value type of a JCache configuration is a Class
    Cache<String, Map> maps = strict(Map.class, "json");
    rawSet("deep", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
    assertRefused(maps, "deep", "nesting depth");
    rawSet("array", "[1,2,3]");
    assertRefused(maps, "array", "java.util.Map");
    rawSet("trailing", "{} {}");
    assertRefused(maps, "trailing");
    manager.destroyCache(name);

    Cache<String, Price> prices = strict(Price.class, "json");
    rawSet("huge", "{\"amount\":" + "9".repeat(100_000) + "}");
    assertRefused(prices, "huge", "Number value length");
    rawSet("fine", "{\"amount\":12.50}");
    assertEquals(new BigDecimal("12.50"), prices.get("fine").amount());
  }

  @Test
  void aJavaStreamNamingAClassOutsideTheAllowListIsRefusedBeforeTheClassIsLoaded() {
    Cache<String, Object> objects = strict(Object.class, "java");
    rawSet("evil", ForgedBytes.javaSerialized(new Gadget()));
    CacheException refused = assertThrows(CacheException.class, () -> objects.get("evil"));
    assertTrue(refused.getCause() instanceof UnreadableClassException, String.valueOf(refused.getCause()));
    assertTrue(refused.getMessage().contains(Gadget.class.getName())
        && refused.getMessage().contains("jcache.redis.allowed-classes"), refused.getMessage());
    assertFalse(loader.requested.contains(Gadget.class.getName()), "requested: " + loader.requested);
    objects.put("fine", new ArrayList<>(List.of("a", 1L)));
    assertEquals(List.of("a", 1L), objects.get("fine"));
  }

  @Test
  void aJavaStreamAnnouncingHugeArraysOrNestingDeeplyIsRefused() {
    Cache<String, Object> objects = strict(Object.class, "java");
    byte[] array = ForgedBytes.javaSerialized(new int[] {0x11111111, 0x11111111, 0x11111111, 0x11111111});
    int length = ForgedBytes.indexOf(array, new byte[] {0, 0, 0, 4, 0x11, 0x11, 0x11, 0x11});
    array[length] = 0x7F; // announces about 2 billion ints
    rawSet("huge", array);
    assertRefused(objects, "huge", "java codec");

    List<Object> nested = new ArrayList<>();
    List<Object> inner = nested;
    for (int i = 0; i < 150; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    rawSet("deep", ForgedBytes.javaSerialized(nested));
    assertRefused(objects, "deep", "java codec");
  }
}
