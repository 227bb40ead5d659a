package io.jcacheredis.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setting names a CacheManager was given, each with where it came from, so that a name the provider does not
 * know ({@code jcache.redis.pool.max-totl}) is reported instead of silently ignored. Only names that start with
 * {@value SettingNames#PREFIX} are taken from a configuration file or the Properties, which frameworks also fill with
 * keys of their own; in the query of a Redis URL every name is a setting.
 */
final class GivenNames {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSettings.class);

  /** A name as given (a query name without its prefix) and the source it was given in. */
  private record Given(String name, String source) {
  }

  private final List<Given> names = new ArrayList<>();

  /** The provider's names among the keys of a configuration file or the Properties given to getCacheManager. */
  void fromProperties(Properties properties, String source) {
    for (Object key : properties.keySet()) {
      String name = String.valueOf(key);
      if (name.startsWith(SettingNames.PREFIX)) {
        names.add(new Given(name, source));
      }
    }
  }

  /** A name from the query of a Redis URL, as written there (with or without the prefix). */
  void fromQuery(String name, String source) {
    names.add(new Given(name, source));
  }

  /** One WARN for each name given that is not among {@code known}, naming its source and the closest known name. */
  void warnUnknown(Set<String> known) {
    for (Given given : names) {
      boolean prefixed = given.name().startsWith(SettingNames.PREFIX);
      String fullName = prefixed ? given.name() : SettingNames.PREFIX + given.name();
      if (!known.contains(fullName)) {
        String closest = SettingNames.closest(fullName, known);
        LOG.warn("Unknown setting {} in {} is ignored; the closest known setting is {}", given.name(), given.source(),
            prefixed ? closest : closest.substring(SettingNames.PREFIX.length()));
      }
    }
  }
}
