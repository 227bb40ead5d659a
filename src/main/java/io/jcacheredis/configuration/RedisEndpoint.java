package io.jcacheredis.configuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;
import javax.cache.CacheException;

/**
 * A Redis server parsed from a URL: host and port (or the path of a Unix domain socket), database, TLS, ACL user and
 * password. Accepted forms:
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/db][?name=value&...]}
 *   <li>{@code rediss://...} the same, over TLS
 *   <li>{@code unix://[[user]:password@]/path/to/redis.sock[?db=N&...]} a Unix domain socket (the database is given
 *       with {@code ?db=}, as the path names the socket)
 * </ul>
 *
 * <p>The settings {@value RedisSettings#USER}, {@value RedisSettings#PASSWORD} and {@value RedisSettings#DATABASE}
 * (also as {@code ?user=}, {@code ?password=}, {@code ?db=}) win over the user info and path of the URL.
 * {@link #toString()} shows where the endpoint points and never the password.
 */
public final class RedisEndpoint {

  private static final String UNIX = "unix";

  private final String host;
  private final int port;
  private final String socketPath;
  private final int database;
  private final boolean ssl;
  private final String user;
  private final String password;

  private RedisEndpoint(String host, int port, String socketPath, int database, boolean ssl, String user,
      String password) {
    this.host = host;
    this.port = port;
    this.socketPath = socketPath;
    this.database = database;
    this.ssl = ssl;
    this.user = user;
    this.password = password;
  }

  static boolean isRedisScheme(String scheme) {
    return "redis".equals(scheme) || "rediss".equals(scheme) || UNIX.equals(scheme);
  }

  static URI parseUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (UNIX.equals(scheme)) {
        requireSocketPath(uri, url);
      } else if (!isRedisScheme(scheme) || uri.getHost() == null) {
        throw new CacheException("Not a Redis URL: '" + redact(url) + "'. Expected"
            + " redis://[user:password@]host[:port][/db], rediss://... or unix:///path/to/redis.sock[?db=N]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CacheException("Malformed Redis URL '" + redact(url) + "': " + e.getReason());
    }
  }

  private static void requireSocketPath(URI uri, String url) {
    String hostPart = hostPart(uri.getRawAuthority());
    boolean hostOk = hostPart.isEmpty() || "localhost".equalsIgnoreCase(hostPart);
    if (!hostOk || uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getPath().length() < 2) {
      throw new CacheException("Not a Unix socket URL: '" + redact(url) + "'. Expected an absolute socket path:"
          + " unix:///path/to/redis.sock[?db=N] or unix://:password@/path/to/redis.sock");
    }
  }

  /** The part of an authority after the user info ({@code ""} when there is none). */
  private static String hostPart(String rawAuthority) {
    if (rawAuthority == null) {
      return "";
    }
    return rawAuthority.substring(rawAuthority.lastIndexOf('@') + 1);
  }

  /** The user info of a URL, raw (percent-encoded), or null. */
  private static String rawUserInfo(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null || authority.lastIndexOf('@') < 0) {
      return null;
    }
    return authority.substring(0, authority.lastIndexOf('@'));
  }

  static RedisEndpoint of(URI uri, String databaseSetting) {
    return of(uri, databaseSetting, null, null);
  }

  static RedisEndpoint of(URI uri, String databaseSetting, String userSetting, String passwordSetting) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean unix = UNIX.equals(scheme);
    String user = null;
    String password = null;
    String userInfo = rawUserInfo(uri);
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = decode(userInfo);
      } else {
        user = colon == 0 ? null : decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      }
    }
    if (userSetting != null && !userSetting.isEmpty()) {
      user = userSetting;
    }
    if (passwordSetting != null && !passwordSetting.isEmpty()) {
      password = passwordSetting;
    }
    int database = 0;
    String path = uri.getPath();
    if (databaseSetting != null && !databaseSetting.isBlank()) {
      database = parseDatabase(databaseSetting);
    } else if (!unix && path != null && path.length() > 1) {
      database = parseDatabase(path.substring(1));
    }
    if (unix) {
      return new RedisEndpoint(null, -1, path, database, false, user, password);
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    return new RedisEndpoint(uri.getHost(), port, null, database, "rediss".equals(scheme), user, password);
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

  /**
   * Removes the credentials from a URL so it can be shown: the user info and any {@code password} query parameter
   * ({@code unix://:pw@/run/redis.sock?db=1&password=pw} becomes {@code unix:///run/redis.sock?db=1}).
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String text = url.replaceFirst("//[^/@?#]*@", "//");
    int question = text.indexOf('?');
    if (question < 0) {
      return text;
    }
    int hash = text.indexOf('#', question);
    String query = hash < 0 ? text.substring(question + 1) : text.substring(question + 1, hash);
    StringJoiner kept = new StringJoiner("&");
    for (String pair : query.split("&")) {
      String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
      if (!name.toLowerCase(Locale.ROOT).contains("password")) {
        kept.add(pair);
      }
    }
    String rest = hash < 0 ? "" : text.substring(hash);
    return text.substring(0, question) + (kept.length() == 0 ? "" : "?" + kept) + rest;
  }

  /** The host name or address; null for a Unix socket. */
  public String host() {
    return host;
  }

  /** The TCP port; -1 for a Unix socket. */
  public int port() {
    return port;
  }

  /** The path of the Unix domain socket, or null for a TCP endpoint. */
  public String socketPath() {
    return socketPath;
  }

  /** Whether this endpoint is a Unix domain socket ({@code unix://}). */
  public boolean isUnixSocket() {
    return socketPath != null;
  }

  /** The database number (SELECT). */
  public int database() {
    return database;
  }

  /** Whether connections use TLS ({@code rediss://}). */
  public boolean ssl() {
    return ssl;
  }

  /** The ACL user name, or null for the default user. */
  public String user() {
    return user;
  }

  /** The password, or null. Never shown by {@link #toString()}. */
  public String password() {
    return password;
  }

  /**
   * Where the endpoint points, without credentials: {@code redis://host:port/db}, {@code rediss://host:port/db} or
   * {@code unix:///path/to/redis.sock?db=N}.
   */
  @Override
  public String toString() {
    if (socketPath != null) {
      return "unix://" + socketPath + "?db=" + database;
    }
    return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
