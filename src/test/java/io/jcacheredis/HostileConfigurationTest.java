package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.KeyCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A cache configuration stored in Redis is read by {@code getCache} in every JVM; bytes written there by someone
 * else must not make it construct arbitrary classes. A {@code FactoryBuilder.ClassFactory} (admitted by the
 * deserialization filter as a {@code javax.cache} class) creates whatever class it names, so only classes a
 * configuration's factories may create are accepted.
 */
@AlsoOnCluster
class HostileConfigurationTest {

  /** Counts its constructions: a class no configuration factory should ever create. */
  public static final class NotAPolicy {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public NotAPolicy() {
      CONSTRUCTED.incrementAndGet();
    }
  }

  /** An application's expiry policy with a no-argument constructor, as ClassFactory needs. */
  public static final class TenMinutesTouched implements ExpiryPolicy {
    private static final Duration TEN_MINUTES = new Duration(TimeUnit.MINUTES, 10);

    @Override
    public Duration getExpiryForCreation() {
      return TEN_MINUTES;
    }

    @Override
    public Duration getExpiryForAccess() {
      return TEN_MINUTES;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return TEN_MINUTES;
    }
  }

  private CacheManager creator;
  private CacheManager reader;
  private String name;

  @BeforeEach
  void open() {
    creator = TestRedis.separateManager();
    reader = TestRedis.separateManager();
    name = TestRedis.uniqueName("hostile-config");
  }

  @AfterEach
  void close() {
    creator.destroyCache(name);
    creator.close();
    reader.close();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] configurationWithExpiryFactory(Factory factory) throws IOException {
    MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
    configuration.setExpiryPolicyFactory((Factory<? extends ExpiryPolicy>) factory);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(configuration);
    }
    return out.toByteArray();
  }

  private void overwriteStoredConfiguration(byte[] configuration) {
    try (UnifiedJedis raw = TestRedis.raw()) {
      byte[] key = KeyCodec.configKey("jcache", name).getBytes(StandardCharsets.UTF_8);
      assertTrue(raw.exists(key), "the configuration is stored under " + new String(key, StandardCharsets.UTF_8));
      raw.hset(key, "configuration".getBytes(StandardCharsets.UTF_8), configuration);
    }
  }

  @Test
  void aClassFactoryNamingAnyOtherClassIsRefusedWithoutConstructingIt() throws IOException {
    creator.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    overwriteStoredConfiguration(configurationWithExpiryFactory(new FactoryBuilder.ClassFactory<>(
        NotAPolicy.class.getName())));
    int before = NotAPolicy.CONSTRUCTED.get();

    CacheException refused = assertThrows(CacheException.class,
        () -> reader.getCache(name, String.class, String.class));
    assertTrue(refused.getMessage().contains(name), refused.getMessage());
    assertTrue(String.valueOf(refused.getCause()).contains(NotAPolicy.class.getName()), refused.toString());
    assertEquals(before, NotAPolicy.CONSTRUCTED.get(), "the named class was constructed");
  }

  @Test
  void aClassFactoryOfAnExpiryPolicyIsStillShared() {
    creator.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(TenMinutesTouched.class)));
    Cache<String, String> opened = reader.getCache(name, String.class, String.class);
    @SuppressWarnings("unchecked")
    MutableConfiguration<String, String> configuration = opened.getConfiguration(MutableConfiguration.class);
    assertTrue(configuration.getExpiryPolicyFactory().create() instanceof TenMinutesTouched);
  }
}
