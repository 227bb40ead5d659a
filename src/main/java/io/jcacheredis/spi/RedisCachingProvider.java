package io.jcacheredis.spi;

import io.jcacheredis.configuration.RedisEndpoint;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.util.CloseFailures;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache provider for Redis, found by {@code Caching.getCachingProvider()} through {@code
 * META-INF/services/javax.cache.spi.CachingProvider}. CacheManagers are kept per class loader and URI, as the spec
 * says. The default URI is the Redis server named by the system property or environment variable {@value
 * RedisSettings#URL} / {@value RedisSettings#URL_ENV} (without its password), else {@code redis://localhost:6379}.
 */
public final class RedisCachingProvider implements CachingProvider {

  private final Map<ClassLoader, Map<URI, RedisCacheManager>> managers = new WeakHashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties given = properties == null ? new Properties() : properties;
    Map<URI, RedisCacheManager> byUri = managers.computeIfAbsent(loader, k -> new HashMap<>());
    RedisCacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      boolean isDefault = uri == null || isDefaultUri(managerUri);
      RedisSettings settings = RedisSettings.resolve(managerUri, isDefault, given, loader);
      manager = new RedisCacheManager(this, managerUri, loader, given, settings);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  /**
   * The default URI: {@value RedisSettings#URL} / {@value RedisSettings#URL_ENV} without user info and password.
   *
   * @throws CacheException if that URL is not a valid URI
   */
  @Override
  public URI getDefaultURI() {
    try {
      return new URI(RedisEndpoint.redact(RedisSettings.defaultUrl()));
    } catch (URISyntaxException e) {
      // The reason only: the input may still hold a password that redact could not find in a malformed URL.
      throw new CacheException("The default Redis URL (system property " + RedisSettings.URL
          + ", else environment variable " + RedisSettings.URL_ENV + ") is not a valid URI: " + e.getReason()
          + ". Percent-encode spaces and special characters, e.g. %20 for a space.");
    }
  }

  /**
   * Whether a manager URI is the default one. A default URL that is not a URI equals no manager URI: it fails the
   * managers that use it (the default one, a file naming no server), not those whose URI names their server.
   */
  private boolean isDefaultUri(URI uri) {
    try {
      return uri.equals(getDefaultURI());
    } catch (CacheException e) {
      return false;
    }
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public synchronized void close() {
    CloseFailures failures = new CloseFailures("CachingProvider");
    for (Map<URI, RedisCacheManager> byUri : new ArrayList<>(managers.values())) {
      closeAll(byUri, failures);
    }
    managers.clear();
    failures.throwIfAny();
  }

  @Override
  public synchronized void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, RedisCacheManager> byUri = managers.remove(loader);
    if (byUri != null) {
      CloseFailures failures = new CloseFailures("CachingProvider");
      closeAll(byUri, failures);
      failures.throwIfAny();
    }
  }

  @Override
  public synchronized void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, RedisCacheManager> byUri = managers.get(loader);
    if (byUri != null) {
      RedisCacheManager manager = byUri.remove(managerUri);
      if (manager != null) {
        manager.close();
      }
      if (byUri.isEmpty()) {
        managers.remove(loader);
      }
    }
  }

  /** Closes every manager even if some fail to, recording the failures. */
  private static void closeAll(Map<URI, RedisCacheManager> byUri, CloseFailures failures) {
    List<RedisCacheManager> all = new ArrayList<>(byUri.values());
    byUri.clear();
    for (RedisCacheManager manager : all) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        failures.add(manager, e);
      }
    }
  }

  /** Called by a manager that closes, so the next request creates a new one. */
  synchronized void release(RedisCacheManager manager) {
    Map<URI, RedisCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return false; // store-by-reference is not possible for entries kept in Redis
  }
}
