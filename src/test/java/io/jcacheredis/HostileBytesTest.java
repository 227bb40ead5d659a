package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import io.jcacheredis.codec.ClassAllowList;
import io.jcacheredis.codec.ForgedBytes;
import io.jcacheredis.codec.KryoCodec;
import io.jcacheredis.codec.PlainKryo;
import io.jcacheredis.configuration.FailureOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/** Whatever sits in Redis, reading it never runs code this JVM did not allow, and never breaks the cache. */
@AlsoOnCluster
@Timeout(120)
class HostileBytesTest {

  /** Stands in for a gadget class: on the class path, but not allowed for the cache. */
  static final class Gadgt implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    String command = "rm -rf /";
  }

  /** A class with the same name length, used to produce well-formed Kryo bytes that are then renamed. */
  static final class Decoy implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    String command = "rm -rf /";
  }

  /** The manager's class loader, recording every class name it is asked for. */
  static final class RecordingLoader extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }

  private RecordingLoader loader;
  private CacheManager manager;
  private Cache<String, Object> cache;
  private String name;
  private UnifiedJedis raw;

  @BeforeEach
  void open() {
    loader = new RecordingLoader(getClass().getClassLoader());
    manager = Caching.getCachingProvider().getCacheManager(TestRedis.uri(), loader, new Properties());
    name = TestRedis.uniqueName("hostile");
    cache = manager.createCache(name, new MutableConfiguration<>());
    raw = TestRedis.raw();
  }

  @AfterEach
  void close() {
    raw.close();
    manager.destroyCache(name);
    manager.close();
  }

  private byte[] redisKey(String key) {
    return ("jcache:" + name + ":" + key).getBytes(StandardCharsets.UTF_8);
  }

  /** Kryo bytes of a Decoy, renamed to name the Gadgt class. */
  private static byte[] bytesNamingGadget() {
    return ForgedBytes.renaming(new Decoy(), Decoy.class, HostileBytesTest.class.getName() + "$Gadgt");
  }

  @Test
  void bytesNamingAClassOutsideTheAllowListAreAMissAndTheClassIsNeverLoaded() {
    raw.set(redisKey("evil"), bytesNamingGadget());
    String log = TestLogs.capturingStandardError(() -> assertNull(cache.get("evil")));
    assertTrue(log.contains("WARN") && log.contains(name) && log.contains("evil")
        && log.contains("is not allowed"), log);
    assertFalse(loader.requested.stream().anyMatch(n -> n.contains("Gadgt")), "requested: " + loader.requested);
    assertTrue(cache.getAll(Set.of("evil")).isEmpty());
    assertFalse(cache.iterator().hasNext(), "iteration skips it");
  }

  @Test
  void anUnlistedClassIsStoredAndReadBackHereButAnotherJvmIsToldHowToAllowIt() {
    cache.put("d", new Decoy());
    assertEquals("rm -rf /", ((Decoy) cache.get("d")).command, "what this JVM wrote, it reads");
    CacheManager elsewhere = TestRedis.separateManager(); // another class loader: learned nothing, as another JVM
    try {
      String log = TestLogs.capturingStandardError(() -> assertNull(elsewhere.getCache(name).get("d")));
      assertTrue(log.contains("WARN") && log.contains(name) && log.contains(KryoCodec.ALLOWED_CLASSES + "="
          + Decoy.class.getName()), log);
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void allowedClassesSettingAdmitsTheApplicationsClasses() {
    Properties properties = new Properties();
    properties.setProperty(KryoCodec.ALLOWED_CLASSES, HostileBytesTest.class.getName() + "$Decoy");
    CacheManager allowing = Caching.getCachingProvider().getCacheManager(TestRedis.uri(),
        new RecordingLoader(getClass().getClassLoader()), properties);
    try {
      Cache<String, Object> other = allowing.getCache(name);
      other.put("d", new Decoy());
      assertEquals("rm -rf /", ((Decoy) other.get("d")).command);
    } finally {
      allowing.close();
    }
  }

  @Test
  void corruptAndTruncatedBytesAreMissesWithAWarningNamingCacheAndKey() {
    cache.put("good", Map.of("a", "b"));
    byte[] good = raw.get(redisKey("good"));
    raw.set(redisKey("truncated"), Arrays.copyOf(good, good.length / 2));
    raw.set(redisKey("garbage"), new byte[] {1, (byte) 0xFE, 0x7F, 0x00, 0x13});
    String log = TestLogs.capturingStandardError(() -> {
      assertNull(cache.get("truncated"));
      assertNull(cache.get("garbage"));
      assertEquals(Map.of("good", Map.of("a", "b")), cache.getAll(Set.of("good", "truncated", "garbage")));
    });
    assertTrue(log.contains(name) && log.contains("truncated") && log.contains("garbage"), log);
    int entries = 0;
    for (Cache.Entry<String, Object> entry : cache) {
      assertEquals("good", entry.getKey());
      entries++;
    }
    assertEquals(1, entries);
    cache.put("garbage", "repaired");
    assertEquals("repaired", cache.get("garbage"), "a bad entry can be overwritten");
  }

  @Test
  void aValueOfAnotherTypeThanTheCachesIsAMissWithAWarning() {
    String typedName = name + "-typed";
    Cache<String, String> strings = manager.createCache(typedName, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    try {
      raw.set(("jcache:" + typedName + ":n").getBytes(StandardCharsets.UTF_8), "42".getBytes(StandardCharsets.UTF_8));
      String log = TestLogs.capturingStandardError(() -> assertNull(strings.get("n")));
      assertTrue(log.contains(typedName) && log.contains("java.lang.Long") && log.contains("java.lang.String"), log);
      strings.put("n", "forty-two");
      assertEquals("forty-two", strings.get("n"));
    } finally {
      manager.destroyCache(typedName);
    }
  }

  /** A class whose creation by Java serialization is recorded: stands in for a deserialization gadget. */
  static final class JavaGadget implements java.io.Serializable {
    static volatile boolean created;
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      created = true;
    }
  }

  private static KryoCodec permissiveCodec() {
    return new KryoCodec(HostileBytesTest.class.getClassLoader(), ClassAllowList.of(List.of(), List.of("*")));
  }

  /** {@code bytes} with their last byte, the size of an empty value (0 + 1), replaced by another size. */
  private static byte[] withSize(byte[] bytes, boolean flagged, int sizePlusOne) {
    assertEquals(1, bytes[bytes.length - 1]);
    Output out = new Output(32, -1);
    out.writeBytes(bytes, 0, bytes.length - 1);
    if (flagged) {
      out.writeVarIntFlag(false, sizePlusOne, true); // a collection's size carries a flag (element classes vary)
    } else {
      out.writeVarInt(sizePlusOne, true);
    }
    return out.toBytes();
  }

  /**
   * What crashed callers with Errors before (found by an audit): a 10-byte byte[] of length 2^31 - 1
   * (OutOfMemoryError: requested array size exceeds VM limit), a 27-byte ArrayList claiming 2^31 - 9 elements
   * (OutOfMemoryError: Java heap space) and 2,000 nested ArrayLists (StackOverflowError).
   */
  private static Map<String, byte[]> crashingBytes() throws InterruptedException {
    KryoCodec permissive = permissiveCodec();
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put("huge-array", withSize(permissive.encode(new byte[0]), false, Integer.MAX_VALUE));
    values.put("huge-list", withSize(permissive.encode(new ArrayList<>()), true, Integer.MAX_VALUE - 8));
    Object nested = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      nested = new ArrayList<>(List.of(nested));
    }
    values.put("deep", PlainKryo.bytesOf(nested));
    assertEquals(10, values.get("huge-array").length);
    assertEquals(27, values.get("huge-list").length);
    return values;
  }

  /** Each hostile value is a miss with a WARN naming cache and key, for get, getAll and iteration alike. */
  private void assertMissesWithWarnings(Cache<String, Object> target, String cacheName, Map<String, byte[]> hostile) {
    target.put("good", List.of("fine"));
    for (Map.Entry<String, byte[]> value : hostile.entrySet()) {
      raw.set(("jcache:" + cacheName + ":" + value.getKey()).getBytes(StandardCharsets.UTF_8), value.getValue());
    }
    Set<String> keys = new HashSet<>(hostile.keySet());
    keys.add("good");
    String log = TestLogs.capturingStandardError(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (String key : hostile.keySet()) {
        assertNull(target.get(key), key);
      }
      assertEquals(Map.of("good", List.of("fine")), target.getAll(keys));
      List<String> iterated = new ArrayList<>();
      for (Cache.Entry<String, Object> entry : target) {
        iterated.add(entry.getKey());
      }
      assertEquals(List.of("good"), iterated);
    }));
    for (String key : hostile.keySet()) {
      assertTrue(log.contains("WARN") && log.contains("Cache " + cacheName + ": the value stored for key " + key
          + " cannot be read"), key + " in " + log);
    }
  }

  @Test
  void bytesAnnouncingHugeSizesOrNestingDeeplyAreMissesNotErrors() throws InterruptedException {
    assertMissesWithWarnings(cache, name, crashingBytes());
  }

  @Test
  void bytesAnnouncingHugeSizesOrNestingDeeplyAreMissesThroughTheIgnoreExceptionsViewToo()
      throws InterruptedException {
    String tolerantName = name + "-tolerant";
    Cache<String, Object> tolerant = manager.createCache(tolerantName,
        new RedisCacheConfiguration<String, Object>().setIgnoreExceptions(true));
    try {
      assertMissesWithWarnings(tolerant, tolerantName, crashingBytes());
    } finally {
      manager.destroyCache(tolerantName);
    }
  }

  /**
   * Kryo leaves some allowed JDK classes ({@code AtomicInteger}) to Java serialization; the Java stream inside the
   * value is bytes like any other, and may name any class.
   */
  private static byte[] atomicIntegerHolding(Object smuggled) {
    byte[] atomic = permissiveCodec().encode(new AtomicInteger(7));
    int streamStart = 0;
    while (streamStart + 1 < atomic.length
        && !(atomic[streamStart] == (byte) 0xAC && atomic[streamStart + 1] == (byte) 0xED)) {
      streamStart++;
    }
    assertTrue(streamStart + 1 < atomic.length, "AtomicInteger goes through Java serialization");
    ByteArrayOutputStream javaStream = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(javaStream)) {
      out.writeObject(smuggled);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = Arrays.copyOf(atomic, streamStart + javaStream.size());
    System.arraycopy(javaStream.toByteArray(), 0, bytes, streamStart, javaStream.size());
    return bytes;
  }

  @Test
  void aJavaStreamInsideAnAllowedValueCannotCreateAClassOutsideTheAllowList() {
    raw.set(redisKey("atomic"), atomicIntegerHolding(new JavaGadget()));
    JavaGadget.created = false;
    String log = TestLogs.capturingStandardError(() -> assertNull(cache.get("atomic")));
    assertFalse(JavaGadget.created, "the refused class was created");
    assertTrue(log.contains("WARN") && log.contains("atomic") && log.contains(JavaGadget.class.getName())
        && log.contains("is not allowed"), log);
    cache.put("atomic", new AtomicInteger(8));
    assertEquals(8, ((AtomicInteger) cache.get("atomic")).get(), "allowed values still go through Java serialization");
  }

  @Test
  void aCacheSetToThrowOnUnreadableValuesThrowsACacheExceptionNamingCacheKeyAndReason()
      throws InterruptedException {
    String strictName = name + "-strict";
    Cache<String, Object> strict = manager.createCache(strictName,
        new RedisCacheConfiguration<String, Object>().setThrowOnUnreadableValues(true));
    try {
      Map<String, byte[]> hostile = new LinkedHashMap<>(crashingBytes());
      hostile.put("gadget", bytesNamingGadget());
      hostile.put("garbage", new byte[] {1, (byte) 0xFE, 0x7F, 0x00, 0x13});
      for (Map.Entry<String, byte[]> value : hostile.entrySet()) {
        raw.set(("jcache:" + strictName + ":" + value.getKey()).getBytes(StandardCharsets.UTF_8), value.getValue());
      }
      for (String key : hostile.keySet()) {
        String expected = "Cache " + strictName + ": the value stored for key " + key + " cannot be read: ";
        CacheException onGet = assertThrows(CacheException.class, () -> strict.get(key));
        assertEquals(CacheException.class, onGet.getClass());
        assertTrue(onGet.getMessage().startsWith(expected), onGet.getMessage());
        CacheException onGetAll = assertThrows(CacheException.class, () -> strict.getAll(Set.of(key)));
        assertTrue(onGetAll.getMessage().startsWith(expected), onGetAll.getMessage());
        EntryProcessorException onInvoke = assertThrows(EntryProcessorException.class,
            () -> strict.invoke(key, (entry, arguments) -> entry.getValue()));
        assertTrue(onInvoke.getCause() instanceof CacheException
            && onInvoke.getCause().getMessage().startsWith(expected), String.valueOf(onInvoke.getCause()));
      }
      CacheException reason = assertThrows(CacheException.class, () -> strict.get("gadget"));
      assertTrue(reason.getMessage().contains("is not allowed"), reason.getMessage());
      CacheException onIteration = assertThrows(CacheException.class, () -> strict.iterator().next());
      assertTrue(onIteration.getMessage().contains("cannot be read"), onIteration.getMessage());

      assertNull(strict.getAndPut("garbage", "repaired"), "writes report an unreadable old value as none");
      assertEquals("repaired", strict.get("garbage"));
      assertTrue(strict.remove("deep"), "an unreadable entry can be removed");
      assertFalse(strict.containsKey("deep"));
    } finally {
      manager.destroyCache(strictName);
    }
  }

  @Test
  void theManagerWideSettingMakesReadsThrowUnlessACacheSetsItsOwn() {
    Properties properties = new Properties();
    properties.setProperty(FailureOptions.THROW_ON_UNREADABLE_VALUES, "true");
    String url = TestRedis.url();
    URI withQuery = URI.create(url + (url.contains("?") ? "&" : "?") + "throw-on-unreadable-values=true");
    CacheManager byProperties = Caching.getCachingProvider().getCacheManager(TestRedis.uri(),
        new RecordingLoader(getClass().getClassLoader()), properties);
    CacheManager byUrl = Caching.getCachingProvider().getCacheManager(withQuery,
        new RecordingLoader(getClass().getClassLoader()), new Properties());
    String lenientName = name + "-lenient";
    try {
      raw.set(redisKey("garbage"), new byte[] {1, (byte) 0xFE, 0x7F, 0x00, 0x13});
      for (CacheManager strict : List.of(byProperties, byUrl)) {
        CacheException error = assertThrows(CacheException.class, () -> strict.getCache(name).get("garbage"));
        assertTrue(error.getMessage().startsWith("Cache " + name + ": the value stored for key garbage cannot be read"),
            error.getMessage());
      }
      Cache<String, Object> lenient = byProperties.createCache(lenientName,
          new RedisCacheConfiguration<String, Object>().setThrowOnUnreadableValues(false));
      raw.set(("jcache:" + lenientName + ":garbage").getBytes(StandardCharsets.UTF_8), new byte[] {1, (byte) 0xFE});
      assertNull(lenient.get("garbage"), "the cache's own setting wins over the manager's");
      assertNull(cache.get("garbage"), "the default manager's caches still miss");
    } finally {
      byProperties.destroyCache(lenientName);
      byProperties.close();
      byUrl.close();
    }
  }
}
