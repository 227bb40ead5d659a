package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.ForgedBytes;
import io.jcacheredis.codec.KryoCodec;
import io.jcacheredis.learned.Envelope;
import io.jcacheredis.learned.Harmless;
import io.jcacheredis.learned.Invoice;
import io.jcacheredis.learned.InvoiceNumber;
import io.jcacheredis.learned.Tripwires;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

/**
 * A cache reads back whatever this JVM wrote into it, with no allowed-classes configured, also through a new
 * CacheManager; bytes naming a class this JVM never wrote there are a miss with one WARN, and that class is never
 * initialised.
 */
@AlsoOnCluster
@Timeout(120)
class LearnedClassesTest {

  private static final Invoice INVOICE = new Invoice("INV-1", new BigDecimal("12.50"),
      List.of(new Invoice.Line("book", 2), new Invoice.Line("pen", 1)));

  /** The application's class loader as the managers see it: one per test, so each starts having learned nothing. */
  private HostileBytesTest.RecordingLoader loader;
  private CacheManager manager;
  private String name;
  private Cache<Object, Object> cache;
  private UnifiedJedis raw;

  @BeforeEach
  void open() {
    loader = new HostileBytesTest.RecordingLoader(getClass().getClassLoader());
    manager = newManager(new Properties());
    name = TestRedis.uniqueName("learned");
    cache = manager.createCache(name, new MutableConfiguration<>());
    raw = TestRedis.raw();
  }

  @AfterEach
  void close() {
    raw.close();
    CacheManager cleaner = newManager(new Properties());
    cleaner.destroyCache(name);
    cleaner.close();
  }

  private CacheManager newManager(Properties properties) {
    return Caching.getCachingProvider().getCacheManager(TestRedis.uri(), loader, properties);
  }

  private void store(String key, byte[] bytes) {
    raw.set(("jcache:" + name + ":" + key).getBytes(StandardCharsets.UTF_8), bytes);
  }

  private static long warningsNaming(String log, String className) {
    return log.lines().filter(line -> line.contains("WARN") && line.contains(className)).count();
  }

  @Test
  void anObjectCacheStoresAnApplicationRecordWithoutConfigurationAndANewManagerReadsIt() {
    InvoiceNumber key = new InvoiceNumber("INV-1");
    cache.put(key, INVOICE);
    assertEquals(INVOICE, cache.get(key));
    manager.close(); // as Spring or Hibernate closes its context and starts a new one

    CacheManager restarted = newManager(new Properties());
    try {
      assertNotSame(manager, restarted);
      Cache<Object, Object> reopened = restarted.getCache(name);
      assertEquals(INVOICE, reopened.get(key), "the new manager reads what the closed one wrote");
      List<Object> keys = new ArrayList<>();
      reopened.forEach(entry -> keys.add(entry.getKey()));
      assertEquals(List.of(key), keys, "keys of an application class read back too");
    } finally {
      restarted.close();
    }
  }

  @Test
  void whatOneCacheLearnedIsNoReasonForAnotherToReadIt() {
    cache.put("invoice", INVOICE);
    byte[] bytes = raw.get(("jcache:" + name + ":invoice").getBytes(StandardCharsets.UTF_8));
    String otherName = name + "-other";
    Cache<Object, Object> other = manager.createCache(otherName, new MutableConfiguration<>());
    try {
      raw.set(("jcache:" + otherName + ":invoice").getBytes(StandardCharsets.UTF_8), bytes);
      String log = TestLogs.capturingStandardError(() -> assertNull(other.get("invoice")));
      assertEquals(1, warningsNaming(log, KryoCodec.ALLOWED_CLASSES + "=" + Invoice.class.getName()), log);
    } finally {
      manager.destroyCache(otherName);
    }
  }

  @Test
  void bytesNamingAClassThisJvmNeverWroteAreAMissWithOneWarningAndTheClassIsNeverInitialised() {
    byte[] forged = ForgedBytes.renaming(new Harmless(), Harmless.class, Tripwires.NAME);
    store("first", forged);
    store("second", forged);
    String log = TestLogs.capturingStandardError(() -> {
      assertNull(cache.get("first"));
      assertNull(cache.get("second"));
      assertTrue(cache.getAll(Set.of("first", "second")).isEmpty());
    });
    assertFalse(Tripwires.INITIALISED.get(), "the tripwire's static initialiser ran");
    assertFalse(loader.requested.contains(Tripwires.NAME), "requested: " + loader.requested);
    assertEquals(1, warningsNaming(log, Tripwires.NAME), "one WARN per class for the cache: " + log);
    assertTrue(log.contains("Cache " + name + ": the value stored for key first cannot be read")
        && log.contains(KryoCodec.ALLOWED_CLASSES + "=" + Tripwires.NAME), log);
  }

  @Test
  void aClassInsideALearnedClassIsRefusedUnlessItWasWrittenToo() {
    cache.put("letter", new Envelope("hello")); // Envelope is learned; its content's class String is a JDK type
    store("forged", ForgedBytes.renaming(new Envelope(new Harmless()), Harmless.class, Tripwires.NAME));
    String log = TestLogs.capturingStandardError(() -> assertNull(cache.get("forged")));
    assertFalse(Tripwires.INITIALISED.get(), "the tripwire's static initialiser ran");
    assertFalse(loader.requested.contains(Tripwires.NAME), "requested: " + loader.requested);
    assertEquals(1, warningsNaming(log, KryoCodec.ALLOWED_CLASSES + "=" + Tripwires.NAME), log);
    assertEquals(new Envelope("hello"), cache.get("letter"));
  }

  @Test
  void withThrowOnUnreadableValuesEachReadThrowsNamingTheClassAndTheSetting() {
    cache.put("letter", new Envelope("hello"));
    store("forged", ForgedBytes.renaming(new Envelope(new Harmless()), Harmless.class, Tripwires.NAME));
    Properties strict = new Properties();
    strict.setProperty("jcache.redis.throw-on-unreadable-values", "true");
    manager.close();
    CacheManager throwing = newManager(strict);
    try {
      Cache<Object, Object> reopened = throwing.getCache(name);
      for (int read = 0; read < 2; read++) {
        CacheException error = assertThrows(CacheException.class, () -> reopened.get("forged"));
        assertTrue(error.getMessage().startsWith("Cache " + name + ": the value stored for key forged cannot be read")
            && error.getMessage().contains(KryoCodec.ALLOWED_CLASSES + "=" + Tripwires.NAME), error.getMessage());
      }
      assertFalse(Tripwires.INITIALISED.get(), "the tripwire's static initialiser ran");
    } finally {
      throwing.close();
    }
  }
}
