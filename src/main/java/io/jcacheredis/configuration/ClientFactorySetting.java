package io.jcacheredis.configuration;

import javax.cache.CacheException;

/** Reads the {@value RedisSettings#CLIENT_FACTORY} setting: an instance, a class, or a class name. */
final class ClientFactorySetting {

  private ClientFactorySetting() {
  }

  static RedisClientFactory resolve(Object value, ClassLoader classLoader) {
    if (value == null || value instanceof String && ((String) value).isBlank()) {
      return null;
    }
    if (value instanceof RedisClientFactory) {
      return (RedisClientFactory) value;
    }
    if (value instanceof Class<?>) {
      return instantiate((Class<?>) value);
    }
    if (value instanceof String) {
      String name = ((String) value).trim();
      try {
        return instantiate(Class.forName(name, true, classLoader));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new CacheException("Setting " + RedisSettings.CLIENT_FACTORY + ": cannot load class " + name
            + " (" + e + ")", e);
      }
    }
    throw new CacheException("Setting " + RedisSettings.CLIENT_FACTORY + " must be a "
        + RedisClientFactory.class.getName() + " or the name of a class implementing it, but is a "
        + value.getClass().getName());
  }

  private static RedisClientFactory instantiate(Class<?> type) {
    if (!RedisClientFactory.class.isAssignableFrom(type)) {
      throw new CacheException("Setting " + RedisSettings.CLIENT_FACTORY + ": " + type.getName()
          + " does not implement " + RedisClientFactory.class.getName());
    }
    try {
      return (RedisClientFactory) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new CacheException("Setting " + RedisSettings.CLIENT_FACTORY + ": cannot create a " + type.getName()
          + " with its public no-argument constructor (" + e + ")", e);
    }
  }
}
