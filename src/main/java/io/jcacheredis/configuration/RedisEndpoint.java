package io.jcacheredis.configuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>{@code redis-cluster://[[user]:password@]host1[:port1],host2[:port2],...[?name=value&...]} a Redis Cluster,
 *       reached through any of the listed nodes (seeds; the others are discovered); {@code rediss-cluster://} over
 *       TLS. A cluster has only database 0. IPv6 addresses are written in brackets: {@code [::1]:7000}.
 *   <li>{@code redis-sentinel://[[user]:password@]sentinel1[:port1],sentinel2[:port2],.../masterName[/db][?...]}
 *       the master a set of Redis Sentinels monitor under {@code masterName}: the sentinels are asked where it is,
 *       and followed when they fail over to a replica. The user and password are the data nodes'; the sentinels'
 *       own are the settings {@value RedisSettings#SENTINEL_USER} and {@value RedisSettings#SENTINEL_PASSWORD}.
 *       Sentinels without a port use 26379.
 * </ul>
 *
 * <p>The settings {@value RedisSettings#USER}, {@value RedisSettings#PASSWORD} and {@value RedisSettings#DATABASE}
 * (also as {@code ?user=}, {@code ?password=}, {@code ?db=}) win over the user info and path of the URL.
 * {@link #toString()} shows where the endpoint points and never the password.
 */
public final class RedisEndpoint {

  private static final String UNIX = "unix";
  private static final int DEFAULT_PORT = 6379;

  /** One node of a Redis Cluster URL: host name or address, and port. */
  public record Node(String host, int port) {
    /** {@code host:port}, an IPv6 address in brackets. */
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }


  private final String host;
  private final int port;
  private final String socketPath;
  private final int database;
  private final boolean ssl;
  private final String user;
  private final String password;
  private final List<Node> clusterNodes;
  private final List<Node> sentinels;
  private final String sentinelMaster;

  private RedisEndpoint(String host, int port, String socketPath, int database, boolean ssl, String user,
      String password) {
    this(host, port, socketPath, database, ssl, user, password, List.of());
  }

  private RedisEndpoint(String host, int port, String socketPath, int database, boolean ssl, String user,
      String password, List<Node> clusterNodes) {
    this(host, port, socketPath, database, ssl, user, password, clusterNodes, List.of(), null);
  }

  private RedisEndpoint(String host, int port, String socketPath, int database, boolean ssl, String user,
      String password, List<Node> clusterNodes, List<Node> sentinels, String sentinelMaster) {
    this.host = host;
    this.port = port;
    this.socketPath = socketPath;
    this.database = database;
    this.ssl = ssl;
    this.user = user;
    this.password = password;
    this.clusterNodes = clusterNodes;
    this.sentinels = sentinels;
    this.sentinelMaster = sentinelMaster;
  }

  static boolean isRedisScheme(String scheme) {
    return "redis".equals(scheme) || "rediss".equals(scheme) || UNIX.equals(scheme)
        || MultiHostUrl.isMultiHostScheme(scheme);
  }

  static URI parseUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (UNIX.equals(scheme)) {
        requireSocketPath(uri, url);
      } else if (!isRedisScheme(scheme) || MultiHostUrl.isMultiHostScheme(scheme) || uri.getHost() == null) {
        throw new CacheException("Not a Redis URL: '" + redact(url) + "'. Expected"
            + " redis://[user:password@]host[:port][/db], rediss://..., unix:///path/to/redis.sock[?db=N] or"
            + " redis-cluster://host1:port1,host2:port2,... or redis-sentinel://sentinel1:port1,.../masterName");
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
    String[] credentials = credentials(rawUserInfo(uri), userSetting, passwordSetting);
    String user = credentials[0];
    String password = credentials[1];
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

  /** A cluster endpoint; the database must be 0 (a setting or URL path naming another one is an error). */
  static RedisEndpoint ofCluster(MultiHostUrl url, String databaseSetting, String userSetting, String passwordSetting) {
    String[] credentials = credentials(url.rawUserInfo(), userSetting, passwordSetting);
    String path = url.path();
    String database = databaseSetting != null && !databaseSetting.isBlank() ? databaseSetting
        : path.length() > 1 ? path.substring(1) : "0";
    if (parseDatabase(database) != 0) {
      throw new CacheException("A Redis Cluster has only database 0, but database " + database.trim()
          + " was given (URL path or " + RedisSettings.DATABASE + ")");
    }
    Node first = url.nodes().get(0);
    return new RedisEndpoint(first.host(), first.port(), null, 0, url.ssl(), credentials[0], credentials[1],
        url.nodes());
  }

  /**
   * A Sentinel endpoint: the path names the master ({@code /mymaster}) and optionally the database
   * ({@code /mymaster/2}); the {@value RedisSettings#DATABASE} setting wins over the path.
   */
  static RedisEndpoint ofSentinel(MultiHostUrl url, String databaseSetting, String userSetting,
      String passwordSetting) {
    String[] credentials = credentials(url.rawUserInfo(), userSetting, passwordSetting);
    String path = url.path().startsWith("/") ? url.path().substring(1) : url.path();
    String[] parts = path.split("/", -1);
    String master = parts.length == 0 ? "" : decode(parts[0]);
    if (master.isBlank()) {
      throw new CacheException("Malformed Redis Sentinel URL: no master name is given. Expected"
          + " redis-sentinel://[user:password@]sentinel1:port1,sentinel2:port2,.../masterName[/db]");
    }
    if (parts.length > 2 || (parts.length == 2 && parts[1].isEmpty())) {
      throw new CacheException("Malformed Redis Sentinel URL path '/" + path + "': expected /masterName or"
          + " /masterName/db");
    }
    int database = 0;
    if (databaseSetting != null && !databaseSetting.isBlank()) {
      database = parseDatabase(databaseSetting);
    } else if (parts.length == 2) {
      database = parseDatabase(parts[1]);
    }
    return new RedisEndpoint(null, -1, null, database, false, credentials[0], credentials[1], List.of(),
        url.nodes(), master);
  }

  /** User and password from the raw user info of a URL, the settings winning: {@code [user, password]}. */
  private static String[] credentials(String rawUserInfo, String userSetting, String passwordSetting) {
    String user = null;
    String password = null;
    if (rawUserInfo != null && !rawUserInfo.isEmpty()) {
      int colon = rawUserInfo.indexOf(':');
      if (colon < 0) {
        password = decode(rawUserInfo);
      } else {
        user = colon == 0 ? null : decode(rawUserInfo.substring(0, colon));
        password = decode(rawUserInfo.substring(colon + 1));
      }
    }
    if (userSetting != null && !userSetting.isEmpty()) {
      user = userSetting;
    }
    if (passwordSetting != null && !passwordSetting.isEmpty()) {
      password = passwordSetting;
    }
    return new String[] {user, password};
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
    if (text.equals(url) && url.contains("//") && url.lastIndexOf('@') > url.indexOf("//")) {
      // A malformed URL whose password holds an unencoded '/', '?' or '#': drop everything up to the last '@'.
      text = url.replaceFirst("//.*@", "//");
    }
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

  /** Whether this endpoint is a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}). */
  public boolean isCluster() {
    return !clusterNodes.isEmpty();
  }

  /** Whether this endpoint is a master found through Redis Sentinels ({@code redis-sentinel://}). */
  public boolean isSentinel() {
    return sentinelMaster != null;
  }

  /** The sentinels listed in a {@code redis-sentinel://} URL; empty otherwise. */
  public List<Node> sentinels() {
    return sentinels;
  }

  /** The name the sentinels monitor the master under, or null when this is not a Sentinel endpoint. */
  public String sentinelMaster() {
    return sentinelMaster;
  }

  /** The nodes listed in a cluster URL (the seeds the cluster's topology is read from); empty for one server. */
  public List<Node> clusterNodes() {
    return clusterNodes;
  }

  /**
   * The host name or address (of a cluster: its first listed node); null for a Unix socket and for a Sentinel
   * endpoint (whose master is found at run time).
   */
  public String host() {
    return host;
  }

  /** The TCP port (of a cluster: its first listed node's); -1 for a Unix socket and a Sentinel endpoint. */
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
   * Where the endpoint points, without credentials: {@code redis://host:port/db}, {@code rediss://host:port/db},
   * {@code unix:///path/to/redis.sock?db=N}, {@code redis-cluster://host1:port1,host2:port2} or
   * {@code redis-sentinel://sentinel1:port1,sentinel2:port2/masterName/db}.
   */
  @Override
  public String toString() {
    if (isSentinel()) {
      StringJoiner nodes = new StringJoiner(",", MultiHostUrl.SENTINEL + "://", "/" + sentinelMaster + "/" + database);
      sentinels.forEach(node -> nodes.add(node.toString()));
      return nodes.toString();
    }
    if (isCluster()) {
      StringJoiner nodes = new StringJoiner(",", (ssl ? MultiHostUrl.CLUSTER_TLS : MultiHostUrl.CLUSTER) + "://", "");
      clusterNodes.forEach(node -> nodes.add(node.toString()));
      return nodes.toString();
    }
    if (socketPath != null) {
      return "unix://" + socketPath + "?db=" + database;
    }
    return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
