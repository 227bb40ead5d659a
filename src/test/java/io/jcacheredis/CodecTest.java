package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.ValueCodec;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The codec is chosen per cache: the default is Kryo, a cache may bring its own. */
@AlsoOnCluster
class CodecTest {

  /** Stores strings as plain UTF-8, as another application reading Redis might want. */
  public static final class Utf8Codec implements ValueCodec {
    @Override
    public byte[] encode(Object value) {
      return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private CacheManager manager;
  private String name;

  @BeforeEach
  void open() {
    manager = TestRedis.defaultManager();
    name = TestRedis.uniqueName("codec");
  }

  @AfterEach
  void close() {
    manager.destroyCache(name);
    manager.destroyCache(name + "-kryo");
  }

  /** A small value class, and a cyclic one. */
  public static final class Point {
    int x;
    int y;
    Point next;
  }

  @Test
  void kryoRegistrationsWriteIdsInsteadOfClassNamesAndReferencesKeepCycles() {
    Cache<String, Point> named = manager.createCache(name, new MutableConfiguration<String, Point>()
        .setTypes(String.class, Point.class));
    Point cyclic = new Point();
    cyclic.x = 3;
    cyclic.next = cyclic;
    named.put("p", cyclic);
    Point back = named.get("p");
    assertEquals(3, back.x);
    assertTrue(back.next == back, "references on (the default): a cycle comes back as a cycle");

    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(io.jcacheredis.codec.KryoOptions.REGISTRATIONS, Point.class.getName());
    CacheManager registering = javax.cache.Caching.getCachingProvider().getCacheManager(TestRedis.uri(),
        new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader()), properties);
    try {
      Cache<String, Point> registered = registering.getCache(name, String.class, Point.class);
      Point plain = new Point();
      plain.x = 1;
      registered.put("q", plain);
      named.put("r", plain);
      try (UnifiedJedis raw = TestRedis.raw()) {
        int withId = raw.get(("jcache:" + name + ":q").getBytes(StandardCharsets.UTF_8)).length;
        int withName = raw.get(("jcache:" + name + ":r").getBytes(StandardCharsets.UTF_8)).length;
        assertTrue(withId + Point.class.getName().length() - 5 < withName, withId + " vs " + withName);
      }
      assertEquals(1, registered.get("q").x);
    } finally {
      registering.close();
    }
  }

  @Test
  void aCacheCanUseItsOwnCodecWhileOthersKeepKryo() {
    Cache<String, String> plain = manager.createCache(name, new RedisCacheConfiguration<String, String>()
        .setCodecFactory(FactoryBuilder.factoryOf(Utf8Codec.class)).setTypes(String.class, String.class));
    Cache<String, String> kryo = manager.createCache(name + "-kryo",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    plain.put("k", "héllo");
    kryo.put("k", "héllo");
    assertEquals("héllo", plain.get("k"));
    assertEquals("héllo", kryo.get("k"));
    try (UnifiedJedis raw = TestRedis.raw()) {
      assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), raw.get(("jcache:" + name + ":k").getBytes(
          StandardCharsets.UTF_8)));
      assertNotEquals("héllo", raw.get("jcache:" + name + "-kryo:k"));
    }
  }

  @Test
  void stringsAreStoredAsAZeroByteAndTheirUtf8AndStringsStoredByKryoStillRead() {
    Cache<String, Object> cache = manager.createCache(name, new MutableConfiguration<String, Object>());
    String[] texts = {"", "a", "plain ascii text", "héllo", "Łódź", "emoji \uD83D\uDE00 and \u0000 nul"};
    try (UnifiedJedis raw = TestRedis.raw()) {
      for (int i = 0; i < texts.length; i++) {
        cache.put("s" + i, texts[i]);
        byte[] utf8 = texts[i].getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, expected, 1, utf8.length);
        assertArrayEquals(expected, raw.get(("jcache:" + name + ":s" + i).getBytes(StandardCharsets.UTF_8)));
        assertEquals(texts[i], cache.get("s" + i));
      }
      // the form earlier versions wrote: Kryo, references on
      com.esotericsoftware.kryo.Kryo kryo = new com.esotericsoftware.kryo.Kryo();
      kryo.setReferences(true);
      com.esotericsoftware.kryo.io.Output output = new com.esotericsoftware.kryo.io.Output(64, -1);
      kryo.writeClassAndObject(output, "written by Kryo");
      raw.set(("jcache:" + name + ":old").getBytes(StandardCharsets.UTF_8), output.toBytes());
      assertEquals("written by Kryo", cache.get("old"));
    }
  }
}
