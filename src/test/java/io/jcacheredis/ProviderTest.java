package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.spi.RedisCachingProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The provider as applications reach it: the default manager (also for a null URI, as Spring Boot asks), manager
 * URIs that name a configuration file (as Spring Boot and Hibernate pass them), the default server from the system
 * property or the environment, managers scoped by URI and class loader, and connections released on close.
 */
@SuppressWarnings("deprecation") // raw commands (DEBUG, ACL, CLIENT, CONFIG) through sendCommand(command, String...)
@WithRedis
@Timeout(60)
class ProviderTest {

  /** A provider of this test's own, so closing it or its managers never touches other tests' managers. */
  private final RedisCachingProvider provider = new RedisCachingProvider();

  @TempDir
  Path dir;

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  // ---- helpers ----

  private static String unique(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The test server's URL with more query parameters. */
  private static String url(String query) {
    String base = TestRedis.url();
    return base + (base.contains("?") ? "&" : "?") + query;
  }

  private static ClassLoader newLoader(URL... urls) {
    return new URLClassLoader(urls, ProviderTest.class.getClassLoader());
  }

  /** Writes, reads and destroys a cache, and checks that its entry is a Redis key under {@code prefix}. */
  private static void assertWorksWithPrefix(CacheManager manager, String prefix) {
    String name = TestRedis.uniqueName("provider");
    Cache<String, String> cache = manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    try {
      cache.put("k", "v");
      try (UnifiedJedis raw = TestRedis.raw()) {
        assertTrue(raw.exists(prefix + ":" + name + ":k"), "the entry is stored under the prefix " + prefix);
      }
      assertEquals("v", cache.get("k"));
    } finally {
      manager.destroyCache(name);
    }
  }

  /** How many connections of the test server carry this client name (CLIENT LIST). */
  private static int clientsNamed(String name) {
    try (RedisClient admin = TestRedis.server()) {
      String list = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
      return (int) list.lines().filter(line -> line.contains(" name=" + name + " ")).count();
    }
  }

  /** Waits until {@code count} returns {@code expected}: the server notices closed sockets asynchronously. */
  private static void awaitCount(String what, IntSupplier count, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int seen;
    while ((seen = count.getAsInt()) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + " " + what + ", the server has " + seen);
      }
      Thread.sleep(20);
    }
  }

  private Path writeFile(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, List.of(lines), StandardCharsets.ISO_8859_1);
  }

  // ---- the default manager ----

  /** Spring Boot passes a null URI when spring.cache.jcache.config is not set. */
  @Test
  void aNullUriGivesTheDefaultManager() {
    TestRedis.url();
    CachingProvider found = Caching.getCachingProvider();
    assertInstanceOf(RedisCachingProvider.class, found);
    CacheManager byNull = found.getCacheManager(null, found.getDefaultClassLoader(), new Properties());
    assertSame(found.getCacheManager(), byNull);
    assertSame(byNull, found.getCacheManager(null, null));
    assertSame(byNull, found.getCacheManager(null, null, null));
    assertEquals(found.getDefaultURI(), byNull.getURI());
    assertFalse(byNull.isClosed());
    assertWorksWithPrefix(byNull, "jcache");
  }

  /** The default URI (null or getDefaultURI()) names no server of its own: a server in the Properties wins. */
  @Test
  void theDefaultUriTakesTheServerFromThePropertiesWhenTheyNameOne() {
    String prefix = unique("default-properties");
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.URL, url("prefix=" + prefix));
    CacheManager manager = provider.getCacheManager(null, null, properties);
    assertEquals(provider.getDefaultURI(), manager.getURI());
    assertWorksWithPrefix(manager, prefix);
  }

  @Test
  void theSystemPropertyNamesTheDefaultServer() {
    String prefix = unique("sysprop");
    String url = url("prefix=" + prefix);
    String previous = System.getProperty(RedisSettings.URL);
    System.setProperty(RedisSettings.URL, url);
    try {
      assertEquals(URI.create(RedisEndpoint.redact(url)), provider.getDefaultURI());
      CacheManager manager = provider.getCacheManager();
      assertSame(manager, provider.getCacheManager(null, null, null));
      assertWorksWithPrefix(manager, prefix);
    } finally {
      System.setProperty(RedisSettings.URL, previous);
    }
  }

  /** A default URL that is not a URI fails where it is used, naming where it comes from, and nowhere else. */
  @Test
  void aMalformedDefaultUrlFailsOnlyTheDefaultManager() {
    String previous = System.getProperty(RedisSettings.URL, TestRedis.url());
    System.setProperty(RedisSettings.URL, url("prefix=not a uri"));
    try {
      CacheException error = assertThrows(CacheException.class, provider::getCacheManager);
      assertTrue(error.getMessage().contains(RedisSettings.URL) && error.getMessage().contains(RedisSettings.URL_ENV),
          error.getMessage());
      assertThrows(CacheException.class, () -> provider.getCacheManager(null, null));
      String prefix = unique("explicit");
      assertWorksWithPrefix(provider.getCacheManager(URI.create(url("prefix=" + prefix)), null), prefix);
    } finally {
      System.setProperty(RedisSettings.URL, previous);
    }
  }

  @Test
  void theEnvironmentVariableNamesTheDefaultServer() throws Exception {
    String prefix = unique("env");
    String cacheName = TestRedis.uniqueName("from-child");
    String envUrl = url("prefix=" + prefix);
    String output = runChildJvm(Map.of(RedisSettings.URL_ENV, envUrl), List.of(), cacheName);
    assertTrue(output.contains("defaultUri=" + RedisEndpoint.redact(envUrl) + "\n"), output);
    assertWrittenByChild(prefix, cacheName);
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironmentVariable() throws Exception {
    String prefix = unique("env-and-prop");
    String cacheName = TestRedis.uniqueName("from-child");
    // Nothing listens on port 1: the child fails if it connects to the environment variable's server.
    String output = runChildJvm(Map.of(RedisSettings.URL_ENV, "redis://127.0.0.1:1?prefix=wrong"),
        List.of("-D" + RedisSettings.URL + "=" + url("prefix=" + prefix)), cacheName);
    assertTrue(output.contains("defaultUri=" + RedisEndpoint.redact(url("prefix=" + prefix)) + "\n"), output);
    assertWrittenByChild(prefix, cacheName);
  }

  private void assertWrittenByChild(String prefix, String cacheName) {
    CacheManager manager = provider.getCacheManager(URI.create(url("prefix=" + prefix)), null);
    Cache<String, String> cache = manager.getCache(cacheName, String.class, String.class);
    try {
      assertEquals("from the child JVM", cache.get("k"));
    } finally {
      manager.destroyCache(cacheName);
    }
  }

  /**
   * Runs {@link ChildJvm} in a new JVM with this environment (its own {@value RedisSettings#URL_ENV} removed first)
   * and JVM options; returns its output, failing unless it exits with 0.
   */
  private String runChildJvm(Map<String, String> environment, List<String> jvmOptions, String cacheName)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildJvm.class.getName(), cacheName));
    Path log = dir.resolve("child.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove(RedisSettings.URL_ENV);
    builder.environment().putAll(environment);
    Process child = builder.start();
    boolean ended = child.waitFor(45, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(ended, "the child JVM did not end: " + output);
    assertEquals(0, child.exitValue(), output);
    return output;
  }

  /** The child JVM: the default manager, as an application gets it, writes one entry. */
  static final class ChildJvm {
    public static void main(String[] args) {
      CachingProvider provider = Caching.getCachingProvider();
      System.out.println("defaultUri=" + provider.getDefaultURI());
      try (CacheManager manager = provider.getCacheManager()) {
        manager.createCache(args[0], new MutableConfiguration<String, String>().setTypes(String.class, String.class))
            .put("k", "from the child JVM");
      }
      System.exit(0);
    }
  }

  // ---- configuration files as manager URIs ----

  /** Spring Boot resolves spring.cache.jcache.config=classpath:... to a file: URL (or jar:, see below). */
  @Test
  void aFileUrlConfiguresTheManager() throws Exception {
    String prefix = unique("file");
    String clientName = unique("jcr-file");
    Path file = writeFile("jcache-redis.properties",
        RedisSettings.URL + "=" + TestRedis.url(),
        RedisSettings.PREFIX + "=" + prefix,
        RedisSettings.CLIENT_NAME + "=" + clientName,
        RedisSettings.POOL_MIN_IDLE + "=2",
        RedisSettings.POOL_TIME_BETWEEN_EVICTION_RUNS + "=50");
    URI uri = file.toUri();
    assertEquals("file", uri.getScheme());

    CacheManager manager = provider.getCacheManager(uri, null, new Properties());
    assertEquals(uri, manager.getURI());
    // Before any use, the pool's evictor opens the min-idle connections; they carry the file's client name.
    awaitCount("connections named " + clientName, () -> clientsNamed(clientName), 2);
    assertWorksWithPrefix(manager, prefix);
  }

  @Test
  void thePropertiesWinOverTheFile() throws Exception {
    Path file = writeFile("jcache-redis.properties",
        RedisSettings.URL + "=" + TestRedis.url(),
        RedisSettings.PREFIX + "=from-file");
    String prefix = unique("from-properties");
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.PREFIX, prefix);
    assertWorksWithPrefix(provider.getCacheManager(file.toUri(), null, properties), prefix);
  }

  /** Hibernate passes the URL of the resource (here in a jar) and no Properties. */
  @Test
  void aJarUrlConfiguresTheManagerWithoutProperties() throws Exception {
    String prefix = unique("jar");
    Path jar = dir.resolve("config.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("config/jcache-redis.properties"));
      String text = RedisSettings.URL + "=" + TestRedis.url() + "\n" + RedisSettings.PREFIX + "=" + prefix + "\n";
      zip.write(text.getBytes(StandardCharsets.ISO_8859_1));
      zip.closeEntry();
    }
    // As Hibernate finds it: the URL of the resource in the class loader that holds the jar.
    URI uri = newLoader(jar.toUri().toURL()).getResource("config/jcache-redis.properties").toURI();
    assertEquals("jar", uri.getScheme());

    CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
    assertTrue(manager.getProperties().isEmpty());
    assertWorksWithPrefix(manager, prefix);
  }

  /** hibernate.javax.cache.uri=jcache-redis-provider-test.properties: Hibernate hands over the resource's URL. */
  @Test
  void aFileThatNamesNoServerUsesTheDefaultServer() throws Exception {
    TestRedis.url();
    URI uri = provider.getDefaultClassLoader().getResource("jcache-redis-provider-test.properties").toURI();
    assertWorksWithPrefix(provider.getCacheManager(uri, provider.getDefaultClassLoader()), "provider-file");
  }

  @Test
  void aClassPathResourceIsReadWithTheManagersClassLoader() throws Exception {
    String prefix = unique("classpath");
    writeFile("conf/jcache-redis.properties",
        RedisSettings.URL + "=" + TestRedis.url(),
        RedisSettings.PREFIX + "=" + prefix);
    ClassLoader loader = newLoader(dir.toUri().toURL());

    assertWorksWithPrefix(provider.getCacheManager(URI.create("classpath:conf/jcache-redis.properties"), loader),
        prefix);
    assertWorksWithPrefix(provider.getCacheManager(URI.create("classpath:/conf/jcache-redis.properties"), loader),
        prefix);
    assertWorksWithPrefix(provider.getCacheManager(URI.create("conf/jcache-redis.properties"), loader), prefix);

    // The default class loader does not see the file: a CacheException that names it.
    CacheException missing = assertThrows(CacheException.class,
        () -> provider.getCacheManager(URI.create("classpath:conf/jcache-redis.properties"), null));
    assertTrue(missing.getMessage().contains("conf/jcache-redis.properties"), missing.getMessage());
  }

  // ---- scope and life cycle ----

  @Test
  void managersAreScopedByUriAndClassLoader() {
    URI uri = URI.create(url("prefix=" + unique("scope")));
    ClassLoader first = newLoader();
    ClassLoader second = newLoader();

    CacheManager manager = provider.getCacheManager(uri, first);
    assertSame(manager, provider.getCacheManager(uri, first));
    assertSame(manager, provider.getCacheManager(uri, first, new Properties()));
    assertSame(first, manager.getClassLoader());
    assertEquals(uri, manager.getURI());

    CacheManager otherLoader = provider.getCacheManager(uri, second);
    assertNotSame(manager, otherLoader);
    assertSame(second, otherLoader.getClassLoader());
    CacheManager otherUri = provider.getCacheManager(URI.create(url("prefix=" + unique("scope"))), first);
    assertNotSame(manager, otherUri);
    CacheManager defaultLoader = provider.getCacheManager(uri, null);
    assertSame(defaultLoader, provider.getCacheManager(uri, provider.getDefaultClassLoader()));
    assertNotSame(manager, defaultLoader);

    manager.close();
    assertTrue(manager.isClosed());
    assertFalse(otherLoader.isClosed() || otherUri.isClosed() || defaultLoader.isClosed());
    CacheManager reopened = provider.getCacheManager(uri, first);
    assertNotSame(manager, reopened);
    assertFalse(reopened.isClosed());
    assertSame(reopened, provider.getCacheManager(uri, first));
    assertWorksWithPrefix(reopened, uri.getQuery().substring("prefix=".length()));

    provider.close(uri, first);
    assertTrue(reopened.isClosed());
    assertFalse(otherLoader.isClosed());
    assertNotSame(reopened, provider.getCacheManager(uri, first));
  }

  // ---- connections released on close (on a server of the test's own, so all its clients are counted) ----

  @Test
  void closingAManagerReleasesItsConnections(RedisTestServer server) throws Exception {
    try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
      int before = connectedClients(admin);
      assertEquals(1, before, "only the test's own connection");
      CacheManager manager = provider.getCacheManager(server.uri(), null);
      useConcurrently(manager);
      assertTrue(connectedClients(admin) > before, "the manager's pool holds connections");

      manager.close();
      awaitCount("connected clients", () -> connectedClients(admin), before);
    }
  }

  @Test
  void closingTheProviderReleasesTheConnectionsOfItsManagers(RedisTestServer server) throws Exception {
    try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
      int before = connectedClients(admin);
      URI uri = server.uri();
      ClassLoader loader = newLoader();
      CacheManager byDefaultLoader = provider.getCacheManager(uri, null, clientName("default-loader"));
      useConcurrently(byDefaultLoader);
      useConcurrently(provider.getCacheManager(uri, loader, clientName("own-loader")));
      useConcurrently(provider.getCacheManager(URI.create(uri + "/1"), loader, clientName("own-loader")));
      assertTrue(connectedClients(admin) >= before + 3, "each of the 3 managers holds a connection");

      provider.close(loader);
      awaitCount("connections of the closed loader's managers", () -> clientsNamed(admin, "own-loader"), 0);
      assertFalse(byDefaultLoader.isClosed());
      assertTrue(clientsNamed(admin, "default-loader") >= 1);

      provider.close();
      awaitCount("connected clients", () -> connectedClients(admin), before);
    }
  }

  private static Properties clientName(String name) {
    Properties properties = new Properties();
    properties.setProperty(RedisSettings.CLIENT_NAME, name);
    return properties;
  }

  private static int clientsNamed(Jedis admin, String name) {
    return (int) admin.clientList().lines().filter(line -> line.contains(" name=" + name + " ")).count();
  }

  private static int connectedClients(Jedis admin) {
    for (String line : admin.info("clients").split("\r?\n")) {
      if (line.startsWith("connected_clients:")) {
        return Integer.parseInt(line.substring("connected_clients:".length()).trim());
      }
    }
    throw new AssertionError("no connected_clients in INFO clients");
  }

  /** Several threads use the manager's cache at once, so its pool opens more than one connection. */
  private static void useConcurrently(CacheManager manager) throws Exception {
    Cache<String, String> cache = manager.createCache(TestRedis.uniqueName("pool"),
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String key = "k" + t;
        done.add(threads.submit(() -> {
          for (int i = 0; i < 50; i++) {
            cache.put(key, "v" + i);
            assertEquals("v" + i, cache.get(key));
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
