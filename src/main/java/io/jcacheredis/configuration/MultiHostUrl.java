package io.jcacheredis.configuration;

import io.jcacheredis.configuration.RedisEndpoint.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * A URL that lists several hosts ({@code redis-cluster://}, {@code rediss-cluster://}, {@code redis-sentinel://}),
 * split into its parts: java.net.URI cannot parse an authority with several hosts.
 */
record MultiHostUrl(boolean ssl, String rawUserInfo, List<Node> nodes, String path, String rawQuery) {

  static final String CLUSTER = "redis-cluster";
  static final String CLUSTER_TLS = "rediss-cluster";
  static final String SENTINEL = "redis-sentinel";
  private static final int DEFAULT_PORT = 6379;
  private static final int DEFAULT_SENTINEL_PORT = 26379;

  static boolean isMultiHostScheme(String scheme) {
    return isClusterScheme(scheme) || SENTINEL.equals(scheme);
  }

  private static boolean isClusterScheme(String scheme) {
    return CLUSTER.equals(scheme) || CLUSTER_TLS.equals(scheme);
  }

  /** Whether a URL names a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}). */
  static boolean isClusterUrl(String url) {
    int separator = url.indexOf("://");
    return separator > 0 && isClusterScheme(url.substring(0, separator).trim().toLowerCase(Locale.ROOT));
  }

  /** Whether a URL names a master monitored by Redis Sentinels ({@code redis-sentinel://}). */
  static boolean isSentinelUrl(String url) {
    int separator = url.indexOf("://");
    return separator > 0 && SENTINEL.equals(url.substring(0, separator).trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Splits a {@code redis-sentinel://[[user]:password@]host1[:port1],host2[:port2],.../master[/db][?query]} URL.
   * Sentinels without a port use 26379. The path (master name and database) is checked by
   * {@link RedisEndpoint#ofSentinel}.
   */
  static MultiHostUrl parseSentinelUrl(String url) {
    String text = url.trim();
    int separator = text.indexOf("://");
    if (separator <= 0 || !SENTINEL.equals(text.substring(0, separator).toLowerCase(Locale.ROOT))) {
      throw malformedSentinel(url, "it does not start with redis-sentinel://");
    }
    return split(url, text.substring(separator + 3), false, true);
  }

  /**
   * Splits a {@code redis-cluster://[[user]:password@]host1[:port1],host2[:port2],...[/0][?query]} URL. Hosts
   * without a port use 6379; IPv6 addresses are in brackets.
   */
  static MultiHostUrl parseClusterUrl(String url) {
    String text = url.trim();
    int separator = text.indexOf("://");
    if (separator <= 0 || !isClusterScheme(text.substring(0, separator).toLowerCase(Locale.ROOT))) {
      throw malformedCluster(url, "it does not start with redis-cluster:// or rediss-cluster://");
    }
    boolean ssl = CLUSTER_TLS.equals(text.substring(0, separator).toLowerCase(Locale.ROOT));
    return split(url, text.substring(separator + 3), ssl, false);
  }

  /** Splits what follows the {@code ://} of a URL that lists several hosts. */
  private static MultiHostUrl split(String url, String afterScheme, boolean ssl, boolean sentinel) {
    String rest = afterScheme;
    int fragment = rest.indexOf('#');
    if (fragment >= 0) {
      rest = rest.substring(0, fragment);
    }
    String rawQuery = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      rawQuery = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    String rawUserInfo = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rawUserInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    if (rest.isEmpty()) {
      throw sentinel ? malformedSentinel(url, "no sentinels are listed") : malformedCluster(url, "no nodes are listed");
    }
    List<Node> nodes = new ArrayList<>();
    for (String part : rest.split(",", -1)) {
      Node node;
      try {
        node = parseNode(part, sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT);
      } catch (IllegalArgumentException e) {
        throw sentinel ? malformedSentinel(url, e.getMessage()) : malformedCluster(url, e.getMessage());
      }
      if (!nodes.contains(node)) {
        nodes.add(node);
      }
    }
    return new MultiHostUrl(ssl, rawUserInfo, List.copyOf(nodes), path, rawQuery);
  }

  /** Parses {@code host[:port]}; IllegalArgumentException says why it is not one. */
  private static Node parseNode(String text, int defaultPort) {
    String host;
    String portText = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' has no closing ]");
      }
      host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("'" + text + "' is not [address]:port");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, [::1]:7000");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
        || c == '_' || c == ':' || c == '%')) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    int port = defaultPort;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'" + text + "' has no valid port");
      }
    }
    return new Node(host, port);
  }

  private static CacheException malformedCluster(String url, String reason) {
    return new CacheException("Malformed Redis Cluster URL '" + RedisEndpoint.redact(url) + "': " + reason
        + ". Expected redis-cluster://[user:password@]host1:port1,host2:port2,... (or rediss-cluster:// for TLS)");
  }

  private static CacheException malformedSentinel(String url, String reason) {
    return new CacheException("Malformed Redis Sentinel URL '" + RedisEndpoint.redact(url) + "': " + reason
        + ". Expected redis-sentinel://[user:password@]sentinel1:port1,sentinel2:port2,.../masterName[/db]");
  }

}
