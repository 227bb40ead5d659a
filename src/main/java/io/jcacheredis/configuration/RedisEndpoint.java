package io.jcacheredis.configuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * A Redis server parsed from a URL: host, port, database, TLS, ACL user and password. {@link #toString()} shows
 * where it points and never the password.
 */
public final class RedisEndpoint {

  private final String host;
  private final int port;
  private final int database;
  private final boolean ssl;
  private final String user;
  private final String password;

  private RedisEndpoint(String host, int port, int database, boolean ssl, String user, String password) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.ssl = ssl;
    this.user = user;
    this.password = password;
  }

  static boolean isRedisScheme(String scheme) {
    return "redis".equals(scheme) || "rediss".equals(scheme);
  }

  static URI parseUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ("unix".equals(scheme)) {
        throw new CacheException("unix:// Redis URLs are not supported yet; use redis://host:port");
      }
      if (!isRedisScheme(scheme) || uri.getHost() == null) {
        throw new CacheException("Not a Redis URL: '" + redact(url) + "'. Expected"
            + " redis://[user:password@]host[:port][/db] or rediss://...");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CacheException("Malformed Redis URL '" + redact(url) + "': " + e.getReason());
    }
  }

  static RedisEndpoint of(URI uri, String databaseSetting) {
    boolean ssl = "rediss".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = decode(userInfo);
      } else {
        user = colon == 0 ? null : decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      }
    }
    int database = 0;
    String path = uri.getPath();
    if (databaseSetting != null && !databaseSetting.isBlank()) {
      database = parseDatabase(databaseSetting);
    } else if (path != null && path.length() > 1) {
      database = parseDatabase(path.substring(1));
    }
    return new RedisEndpoint(uri.getHost(), port, database, ssl, user, password);
  }

  private static int parseDatabase(String text) {
    try {
      int db = Integer.parseInt(text.trim());
      if (db >= 0) {
        return db;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new CacheException("The Redis database must be a number >= 0 (URL path /N or ?db=N), but is '"
        + text + "'");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Removes the user info from a URL so it can be shown. */
  public static String redact(String url) {
    return url == null ? null : url.replaceFirst("//[^/@]*@", "//");
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int database() {
    return database;
  }

  public boolean ssl() {
    return ssl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  @Override
  public String toString() {
    return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
