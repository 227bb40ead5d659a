package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.CodecOptions;
import io.jcacheredis.spi.RedisCacheManager;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/** The codec and compression a cache is given, on real Redis: what is stored, what reads back, what is refused. */
@AlsoOnCluster
@Timeout(120)
class ValueCodecsTest {

  /** A value type of the JSON tests: a record with a nested list and map. */
  public record Book(String title, int pages, List<String> authors, Map<String, Double> prices)
      implements Serializable {
  }

  private CacheManager manager;
  private final List<CacheManager> others = new ArrayList<>();
  private String name;
  private UnifiedJedis raw;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("codecs");
    raw = TestRedis.raw();
  }

  @AfterEach
  void close() {
    others.forEach(CacheManager::close);
    manager.destroyCache(name);
    raw.close();
  }

  /** A manager with its own class loader and these settings, as another JVM would have. */
  private CacheManager otherJvm(String... settings) {
    Properties properties = new Properties();
    for (int i = 0; i < settings.length; i += 2) {
      properties.setProperty(settings[i], settings[i + 1]);
    }
    CacheManager other = Caching.getCachingProvider().getCacheManager(TestRedis.uri(),
        new URLClassLoader(new URL[0], getClass().getClassLoader()), properties);
    others.add(other);
    return other;
  }

  private <V> Cache<String, V> create(Class<V> valueType, String codec, String compression) {
    return manager.createCache(name, new RedisCacheConfiguration<String, V>().setCodec(codec)
        .setCompression(compression).setTypes(String.class, valueType));
  }

  private byte[] stored(String key) {
    return raw.get(("jcache:" + name + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  private void rawSet(String key, byte[] value) {
    raw.set(("jcache:" + name + ":" + key).getBytes(StandardCharsets.UTF_8), value);
  }

  private static Book dune() {
    return new Book("Dune", 412, List.of("Frank Herbert"), Map.of("EUR", 9.5));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void jsonStoresPlainJsonWithoutClassNamesAndReadsJsonAnotherProgramWrote() {
    Cache<String, Book> books = create(Book.class, "json", null);
    books.put("dune", dune());
    assertEquals("{\"title\":\"Dune\",\"pages\":412,\"authors\":[\"Frank Herbert\"],\"prices\":{\"EUR\":9.5}}",
        text(stored("dune")), "what redis-cli GET shows");
    assertEquals(dune(), books.get("dune"));

    rawSet("foundation", ("{\"title\":\"Foundation\",\"pages\":255,\"authors\":[\"Isaac Asimov\"],"
        + "\"prices\":{},\"addedByPython\":true}").getBytes(StandardCharsets.UTF_8));
    assertEquals(new Book("Foundation", 255, List.of("Isaac Asimov"), Map.of()), books.get("foundation"),
        "a field the record lacks is ignored");
  }

  @Test
  void jsonKeysOfAKeyTypeAreJsonTooSoAnotherProgramCanNameThem() {
    Cache<Integer, Book> byIsbn = manager.createCache(name, new RedisCacheConfiguration<Integer, Book>()
        .setCodec("json").setTypes(Integer.class, Book.class));
    byIsbn.put(42, dune());
    byte[] key = ("jcache:" + name + ":").getBytes(StandardCharsets.UTF_8);
    byte[] jsonKey = java.util.Arrays.copyOf(key, key.length + 3);
    jsonKey[key.length] = (byte) 0xFF; // the marker of keys that are not Strings
    jsonKey[key.length + 1] = '4';
    jsonKey[key.length + 2] = '2';
    assertTrue(text(raw.get(jsonKey)).startsWith("{\"title\":\"Dune\""));
    assertEquals(dune(), byIsbn.get(42));
    assertEquals(List.of(42), List.of(byIsbn.iterator().next().getKey()), "keys read back from SCAN");
  }

  @Test
  void eachBuiltInCodecRoundTripsItsValues() {
    Cache<String, Book> java = create(Book.class, "java", null);
    java.put("dune", dune());
    assertEquals(dune(), java.get("dune"));
    assertEquals((byte) 0xAC, stored("dune")[0], "a Java serialization stream");
    manager.destroyCache(name);

    Cache<String, String> strings = create(String.class, "string", null);
    strings.put("k", "héllo");
    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), stored("k"));
    rawSet("fromOtherProgram", "plain text".getBytes(StandardCharsets.UTF_8));
    assertEquals("plain text", strings.get("fromOtherProgram"));
    manager.destroyCache(name);

    Cache<String, byte[]> bytes = create(byte[].class, "BYTES", null);
    byte[] value = {(byte) 0xFF, 0, 1, 2};
    bytes.put("k", value);
    assertArrayEquals(value, bytes.get("k"), "a value starting with 0xFF as well");
    rawSet("fromOtherProgram", new byte[] {9, 8, 7});
    assertArrayEquals(new byte[] {9, 8, 7}, bytes.get("fromOtherProgram"));
    manager.destroyCache(name);

    Cache<String, Book> kryo = create(Book.class, "kryo", null);
    kryo.put("dune", dune());
    assertEquals(dune(), kryo.get("dune"));
  }

  @Test
  void aCodecClassNamedBySettingIsMadeWithTheManagersClassLoader() {
    CacheManager other = otherJvm(CodecOptions.CODEC, CodecTest.Utf8Codec.class.getName());
    Cache<String, String> cache = other.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    cache.put("k", "héllo");
    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), stored("k"));
    assertEquals("héllo", cache.get("k"));
    assertEquals(CodecTest.Utf8Codec.class.getName(), raw.hget("jcache:" + name, "codec"));
  }

  @Test
  void aCodecThatCannotWorkForTheCacheIsRefusedWithAMessageSayingWhy() {
    CacheException untyped = assertThrows(CacheException.class, () -> manager.createCache(name,
        new RedisCacheConfiguration<String, Object>().setCodec("json")));
    assertTrue(untyped.getMessage().contains("needs a value type") && untyped.getMessage().contains("java.lang"
        + ".Object"), untyped.getMessage());
    CacheException notText = assertThrows(CacheException.class, () -> create(Integer.class, "string", null));
    assertTrue(notText.getMessage().contains("value type String"), notText.getMessage());
    CacheException unknown = assertThrows(CacheException.class, () -> create(String.class, "yaml", null));
    assertTrue(unknown.getMessage().contains("jcache.redis.codec=yaml") && unknown.getMessage().contains("kryo, json"),
        unknown.getMessage());
    CacheException notACodec = assertThrows(CacheException.class, () -> create(String.class, "java.lang.String",
        null));
    assertTrue(notACodec.getMessage().contains("does not implement"), notACodec.getMessage());
    CacheException compression = assertThrows(CacheException.class, () -> create(String.class, null, "gzip"));
    assertTrue(compression.getMessage().contains("none, lz4 or zstd"), compression.getMessage());
    CacheException threshold = assertThrows(CacheException.class, () -> manager.createCache(name,
        new RedisCacheConfiguration<String, String>().setCompressionThresholdBytes(10)));
    assertTrue(threshold.getMessage().contains(CodecOptions.COMPRESSION_THRESHOLD), threshold.getMessage());
    CacheException both = assertThrows(CacheException.class, () -> manager.createCache(name,
        new RedisCacheConfiguration<String, String>().setCodec("json")
            .setCodecFactory(FactoryBuilder.factoryOf(CodecTest.Utf8Codec.class))));
    assertTrue(both.getMessage().contains("set one of them"), both.getMessage());
    CacheException badSetting = assertThrows(CacheException.class,
        () -> otherJvm(CodecOptions.COMPRESSION_THRESHOLD, "1k"));
    assertTrue(badSetting.getMessage().contains("whole number"), badSetting.getMessage());
    assertFalse(raw.exists("jcache:" + name), "no configuration was stored");
  }

  @Test
  void theManagersSettingsComeFromPropertiesTheUrlQueryAndSystemProperties() {
    CacheManager fromQuery = Caching.getCachingProvider().getCacheManager(URI.create(TestRedis.uri()
        + (TestRedis.uri().toString().contains("?") ? "&" : "?") + "codec=json&compression=zstd"),
        new URLClassLoader(new URL[0], getClass().getClassLoader()));
    others.add(fromQuery);
    fromQuery.createCache(name, new MutableConfiguration<String, Book>().setTypes(String.class, Book.class))
        .put("dune", dune());
    assertEquals("json", raw.hget("jcache:" + name, "codec"));
    assertEquals("zstd", raw.hget("jcache:" + name, "compression"));
    assertEquals('{', stored("dune")[0]);
    manager.destroyCache(name);

    System.setProperty(CodecOptions.CODEC, "string");
    try {
      otherJvm().createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class))
          .put("k", "v");
    } finally {
      System.clearProperty(CodecOptions.CODEC);
    }
    assertEquals("string", raw.hget("jcache:" + name, "codec"));
    assertEquals("v", text(stored("k")));
  }

  @Test
  void compressedAndUncompressedEntriesReadSideBySideAfterCompressionIsSwitchedOn() {
    String big = "<p>a cached HTML fragment</p>\n".repeat(200);
    Cache<String, String> before = create(String.class, "string", null);
    before.put("old", big);
    before.put("small", "tiny");
    assertEquals(big.length(), stored("old").length, "stored as it is");

    for (String compression : List.of("lz4", "zstd")) {
      Cache<String, String> after = otherJvm(CodecOptions.CODEC, "string", CodecOptions.COMPRESSION, compression)
          .getCache(name, String.class, String.class);
      after.put("new-" + compression, big);
      byte[] compressed = stored("new-" + compression);
      assertEquals((byte) 0xFF, compressed[0]);
      assertTrue(compressed.length < big.length() / 10, compression + ": " + compressed.length + " bytes");
      assertEquals(big, after.get("old"), "the entry stored before compression reads as it is");
      assertEquals("tiny", after.get("small"));
      assertEquals(big, before.get("new-" + compression), "a JVM that does not compress reads compressed entries");
      assertTrue(after.replace("old", big, "replaced"), "equal although stored uncompressed");
      assertTrue(before.remove("new-" + compression, big), "equal although stored compressed");
      before.put("old", big);
    }
  }

  @Test
  void incrWorksOnLongValuesWhateverTheCodec() {
    for (String codec : List.of("json", "java", "kryo")) {
      Cache<String, Long> counters = manager.createCache(name, new RedisCacheConfiguration<String, Long>()
          .setCodec(codec).setCompression("lz4").setCompressionThresholdBytes(64)
          .setTypes(String.class, Long.class));
      counters.put("n", 41L);
      assertEquals("41", text(stored("n")), codec);
      @SuppressWarnings("unchecked")
      AsyncRedisCache<String, Long> async = counters.unwrap(AsyncRedisCache.class);
      assertEquals(42L, async.incr("n", 1).toCompletableFuture().join());
      assertEquals(42L, counters.get("n"), codec);
      manager.destroyCache(name);
    }
  }

  @Test
  void anotherCodecThanTheStoredOneIsRefusedNamingBoth() {
    create(Book.class, "json", null).put("dune", dune());
    CacheManager kryoJvm = otherJvm();
    CacheException onGet = assertThrows(CacheException.class, () -> kryoJvm.getCache(name));
    assertTrue(onGet.getMessage().contains("codec json") && onGet.getMessage().contains("codec kryo"),
        onGet.getMessage());
    CacheException onCreate = assertThrows(CacheException.class, () -> kryoJvm.createCache(name,
        new RedisCacheConfiguration<String, Book>().setCodec("java").setTypes(String.class, Book.class)));
    assertTrue(onCreate.getMessage().contains("codec json") && onCreate.getMessage().contains("codec java"),
        onCreate.getMessage());
    assertEquals(dune(), otherJvm(CodecOptions.CODEC, "json", CodecOptions.COMPRESSION, "lz4").getCache(name)
        .get("dune"), "the same codec with another compression opens it");
  }

  @Test
  void aConfigurationRedisLostIsPutBackWithItsCodec() throws InterruptedException {
    otherJvm(RedisCacheManager.CONFIG_REFRESH, "100").createCache(name, new RedisCacheConfiguration<String, Book>()
        .setCodec("json").setCompression("lz4").setTypes(String.class, Book.class));
    raw.del("jcache:" + name); // as a Redis restarted empty would have lost it
    for (int i = 0; i < 100 && !raw.exists("jcache:" + name); i++) {
      Thread.sleep(20);
    }
    assertEquals("json", raw.hget("jcache:" + name, "codec"), "put back within 2 s (config-refresh.millis=100)");
    assertEquals("lz4", raw.hget("jcache:" + name, "compression"));
  }

  @Test
  void aConfigurationStoredBeforeCodecsWereRecordedOpensAsKryo() {
    create(String.class, null, null).put("k", "v");
    raw.hdel("jcache:" + name, "codec", "compression");
    assertEquals("v", otherJvm().getCache(name).get("k"));
    CacheException json = assertThrows(CacheException.class,
        () -> otherJvm(CodecOptions.CODEC, "json").getCache(name));
    assertTrue(json.getMessage().contains("codec kryo (stored before codecs were recorded)"), json.getMessage());
    Cache<String, String> factoryCodec = otherJvm().createCache(name, new RedisCacheConfiguration<String, String>()
        .setCodecFactory(FactoryBuilder.factoryOf(CodecTest.Utf8Codec.class)).setTypes(String.class, String.class));
    assertTrue(factoryCodec != null, "a codec factory may have written the old entries: taken on trust");
  }

  @Test
  void aDecompressionBombIsAnUnreadableValueNotAnAllocation() {
    Cache<String, String> strict = manager.createCache(name, new RedisCacheConfiguration<String, String>()
        .setCompression("zstd").setThrowOnUnreadableValues(true).setTypes(String.class, String.class));
    rawSet("bomb", new byte[] {(byte) 0xFF, 'Z', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 0x28, (byte) 0xB5});
    CacheException refused = assertThrows(CacheException.class, () -> strict.get("bomb"));
    assertTrue(refused.getMessage().contains("bomb") && refused.getMessage().contains(name),
        refused.getMessage());
    Cache<String, String> lenient = otherJvm(CodecOptions.COMPRESSION, "lz4").getCache(name, String.class,
        String.class);
    String log = TestLogs.capturingStandardError(() -> assertNull(lenient.get("bomb")));
    assertTrue(log.contains("WARN") && log.contains("bomb"), log);
  }
}
