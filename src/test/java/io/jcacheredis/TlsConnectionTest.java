package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.client.MultiplexedClient;
import io.jcacheredis.configuration.RedisConfig;
import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code rediss://} against real TLS servers: the embedded Redis binary is built with TLS, so the test starts two,
 * one with a certificate for localhost and 127.0.0.1, one with a certificate for another name only, both signed by a
 * CA made at run time. If they cannot start, the tests fail (they are never skipped).
 */
@Timeout(20)
class TlsConnectionTest {

  @TempDir
  static Path dir;

  private static TlsTestCertificates certificates;
  private static ConnectionTestServers.Server localhost;
  private static int localhostTls;
  private static ConnectionTestServers.Server otherName;
  private static int otherNameTls;

  @BeforeAll
  static void startTlsServers() throws IOException, GeneralSecurityException {
    certificates = TlsTestCertificates.create(dir);
    localhostTls = TestRedis.freePort();
    localhost = start("localhost", certificates.server("localhost", new String[] {"localhost"},
        new String[] {"127.0.0.1"}), localhostTls);
    otherNameTls = TestRedis.freePort();
    otherName = start("other", certificates.server("other", new String[] {"redis.example"}, new String[0]),
        otherNameTls);
  }

  private static ConnectionTestServers.Server start(String id, Path[] certAndKey, int tlsPort) throws IOException {
    try {
      return ConnectionTestServers.start("tls-port " + tlsPort, "tls-cert-file " + certAndKey[0],
          "tls-key-file " + certAndKey[1], "tls-ca-cert-file " + certificates.caPem(), "tls-auth-clients no");
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot start the TLS Redis server '" + id + "' (embedded redis-server with"
          + " --tls-port); the TLS tests need it: " + e.getMessage(), e);
    }
  }

  @AfterAll
  static void stopTlsServers() {
    if (localhost != null) {
      localhost.close();
    }
    if (otherName != null) {
      otherName.close();
    }
  }

  private static Properties trusting() {
    return RedisConfig.builder()
        .truststore(certificates.truststore(), TlsTestCertificates.TRUSTSTORE_PASSWORD)
        .build().toProperties();
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(TestRedis.uniqueName("tls"),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void connectsWithTheTrustStoreAndTheEntryIsOnTheServer() {
    try (CacheManager manager = ConnectionTestServers.manager("rediss://localhost:" + localhostTls
        + "/1?prefix=tls", trusting())) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "over TLS");
      assertEquals("over TLS", cache.get("k"));
      try (RedisClient plain = RedisClient.create("redis://127.0.0.1:" + localhost.port() + "/1")) {
        assertTrue(plain.exists("tls:" + cache.getName() + ":k"), "written to database 1 of the TLS server");
      }
    }
  }

  @Test
  void trustStoreSettingsAlsoWorkInTheUrlAndAnIpAddressIsChecked() {
    String url = "rediss://127.0.0.1:" + localhostTls + "?ssl.truststore=" + certificates.truststore()
        + "&ssl.truststore-password=" + TlsTestCertificates.TRUSTSTORE_PASSWORD + "&ssl.truststore-type=PKCS12";
    try (CacheManager manager = ConnectionTestServers.manager(url)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertFalse(manager.toString().contains(TlsTestCertificates.TRUSTSTORE_PASSWORD), manager.toString());
    }
  }

  @Test
  void theMultiplexedModeConnectsOverTlsAndFailsOnAnUntrustedCertificateAsThePoolDoes() {
    try (CacheManager manager = ConnectionTestServers.manager("rediss://localhost:" + localhostTls
        + "?connection-mode=multiplexed", trusting())) {
      assertInstanceOf(MultiplexedClient.class, manager.unwrap(UnifiedJedis.class));
      Cache<String, String> cache = cache(manager);
      cache.put("k", "multiplexed over TLS");
      assertEquals("multiplexed over TLS", cache.get("k"));
    }
    assertUntrustedFailsNamingTheServer("rediss://localhost:" + localhostTls + "?connection-mode=multiplexed");
  }

  @Test
  void anUntrustedCertificateFailsNamingTheServer() {
    assertUntrustedFailsNamingTheServer("rediss://localhost:" + localhostTls);
  }

  private static void assertUntrustedFailsNamingTheServer(String url) {
    try (CacheManager manager = ConnectionTestServers.manager(url)) {
      CacheException error = assertThrows(CacheException.class, () -> cache(manager));
      String message = error.getMessage();
      assertTrue(message.contains("localhost:" + localhostTls), message);
      assertTrue(message.contains("not trusted") && message.contains(RedisSettings.SSL_TRUSTSTORE), message);
    }
  }

  @Test
  void aCertificateForAnotherHostFailsNamingTheServer() {
    try (CacheManager manager = ConnectionTestServers.manager("rediss://localhost:" + otherNameTls, trusting())) {
      CacheException error = assertThrows(CacheException.class, () -> cache(manager));
      String message = error.getMessage();
      assertTrue(message.contains("localhost:" + otherNameTls), message);
      assertTrue(message.contains("not valid for the host name 'localhost'"), message);
    }
  }

  @Test
  void hostnameVerificationCanBeTurnedOffButTheCertificateMustStillBeTrusted() {
    Properties properties = trusting();
    properties.setProperty(RedisSettings.SSL_VERIFY_HOSTNAME, "false");
    try (CacheManager manager = ConnectionTestServers.manager("rediss://localhost:" + otherNameTls, properties)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
    }
    try (CacheManager manager = ConnectionTestServers.manager("rediss://localhost:" + otherNameTls
        + "?ssl.verify-hostname=false")) {
      CacheException error = assertThrows(CacheException.class, () -> cache(manager));
      assertTrue(error.getMessage().contains("not trusted"), error.getMessage());
    }
  }

  @Test
  void aBadTrustStoreIsReportedWhenTheManagerIsCreated() {
    Properties missing = RedisConfig.builder().truststore(dir.resolve("nope.p12"), "x").build().toProperties();
    CacheException noFile = assertThrows(CacheException.class,
        () -> ConnectionTestServers.manager("rediss://localhost:" + localhostTls, missing));
    assertTrue(noFile.getMessage().contains("nope.p12"), noFile.getMessage());

    Properties wrongPassword = RedisConfig.builder().truststore(certificates.truststore(), "Wrong-Trust-Pw")
        .build().toProperties();
    CacheException wrong = assertThrows(CacheException.class,
        () -> ConnectionTestServers.manager("rediss://localhost:" + localhostTls, wrongPassword));
    assertTrue(wrong.getMessage().contains(RedisSettings.SSL_TRUSTSTORE_PASSWORD), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("Wrong-Trust-Pw"), wrong.getMessage());
  }
}
