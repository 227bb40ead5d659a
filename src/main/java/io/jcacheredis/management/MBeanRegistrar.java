package io.jcacheredis.management;

import io.jcacheredis.configuration.RedisEndpoint;
import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer under the names the JCache spec gives:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}, with ':', '=', ','
 * and newlines made '.', and the value quoted ({@link ObjectName#quote}) when it still holds '*', '?' or '"'.
 */
public final class MBeanRegistrar {

  /** The two standard bean kinds. */
  public enum Kind {
    CONFIGURATION("CacheConfiguration"), STATISTICS("CacheStatistics");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private MBeanRegistrar() {
  }

  public static void register(Object bean, Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (Exception e) {
      throw new CacheException("Cannot register MBean " + name, e);
    }
  }

  public static void unregister(Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException alreadyGone) {
      // nothing registered: disabling twice is fine
    } catch (Exception e) {
      throw new CacheException("Cannot unregister MBean " + name, e);
    }
  }

  static ObjectName objectName(Kind kind, URI managerUri, String cacheName) {
    // The spec names beans after the manager URI; its user info (a password) is left out.
    String text = "javax.cache:type=" + kind.type + ",CacheManager="
        + value(RedisEndpoint.redact(managerUri.toString()))
        + ",Cache=" + value(cacheName);
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Illegal MBean name " + text, e);
    }
  }

  /**
   * The spec's rule (':', '=', ',' and newlines become '.', which is how the TCK looks beans up), then quoting when
   * what is left would still not be a plain value: '*' and '?' would make the name a pattern (a query URI, a cache
   * named "a*"), '"' is not allowed unquoted. Names without these stay as the spec has them.
   */
  static String value(String s) {
    String safe = s == null ? "" : s.replaceAll("[,:=\n]", ".");
    return safe.indexOf('*') < 0 && safe.indexOf('?') < 0 && safe.indexOf('"') < 0 ? safe : ObjectName.quote(safe);
  }
}
