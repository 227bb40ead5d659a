package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code rediss-cluster://} against a real three-master cluster whose nodes speak TLS to clients and to each other
 * (certificates for localhost and 127.0.0.1, signed by a CA made at run time).
 */
@Timeout(60)
class ClusterTlsTest {

  @TempDir
  static Path dir;

  private static TlsTestCertificates certificates;
  private static ClusterTestServers cluster;

  @BeforeAll
  static void startTlsCluster() throws IOException, GeneralSecurityException {
    certificates = TlsTestCertificates.create(dir);
    Path[] certAndKey = certificates.server("cluster", new String[] {"localhost"}, new String[] {"127.0.0.1"});
    cluster = ClusterTestServers.startTls(3, certAndKey[0], certAndKey[1], certificates.caPem());
  }

  @AfterAll
  static void stopTlsCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CacheManager manager(Properties properties) {
    ClassLoader loader = new URLClassLoader(new URL[0], ClusterTlsTest.class.getClassLoader());
    return Caching.getCachingProvider().getCacheManager(URI.create(cluster.url()), loader, properties);
  }

  @Test
  void everyMasterIsReachedOverTls() {
    Properties trusting = RedisConfig.builder()
        .truststore(certificates.truststore(), TlsTestCertificates.TRUSTSTORE_PASSWORD)
        .build().toProperties();
    try (CacheManager manager = manager(trusting)) {
      String name = TestRedis.uniqueName("tls-cluster");
      Cache<String, String> cache = manager.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Map<String, String> entries = new HashMap<>();
      for (int i = 0; i < 1_000; i++) {
        entries.put("k" + i, "v" + i);
      }
      cache.putAll(entries);
      assertEquals(entries, cache.getAll(entries.keySet()));
      for (int port : cluster.ports()) {
        try (RedisClient node = cluster.node(port)) {
          assertTrue(node.dbSize() > 100, "node " + port + " holds about a third of the entries");
        }
      }
      int iterated = 0;
      for (Cache.Entry<String, String> ignored : cache) {
        iterated++;
      }
      assertEquals(1_000, iterated);
      manager.destroyCache(name);
    }
  }

  @Test
  void anUntrustedClusterFailsWithoutConnecting() {
    try (CacheManager manager = manager(new Properties())) {
      CacheException e = assertThrows(CacheException.class, () -> manager.createCache("untrusted",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
      assertTrue(e instanceof RedisFailureException, e.toString());
      assertTrue(e.getMessage().contains(cluster.url()), e.getMessage());
      assertFalse(e.getMessage().contains(TlsTestCertificates.TRUSTSTORE_PASSWORD), e.getMessage());
    }
  }
}
