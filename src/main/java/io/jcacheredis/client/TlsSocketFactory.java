package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLSocket;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.SSLSocketWrapper;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.IOUtils;

/**
 * Opens TLS connections: a TCP socket, then the TLS handshake done at once, so that an untrusted certificate or a
 * host name the certificate does not cover fails with a message that says so and names host:port.
 */
final class TlsSocketFactory implements JedisSocketFactory {

  private final HostAndPort server;
  private final JedisClientConfig config;
  private final JedisSocketFactory tcp;

  /** {@code config} supplies the timeouts, the SSLSocketFactory and the SSLParameters. */
  TlsSocketFactory(HostAndPort server, JedisClientConfig config) {
    this.server = server;
    this.config = config;
    this.tcp = new DefaultJedisSocketFactory(server, DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(config.getConnectionTimeoutMillis())
        .socketTimeoutMillis(config.getSocketTimeoutMillis())
        .build());
  }

  @Override
  @SuppressWarnings("deprecation") // the factory and parameters RedisClients.clientConfig put in the config
  public Socket createSocket() {
    Socket plain = tcp.createSocket();
    SSLSocket tls = null;
    try {
      tls = (SSLSocket) config.getSslSocketFactory().createSocket(plain, server.getHost(), server.getPort(), true);
      tls.setSSLParameters(config.getSslParameters());
      tls.startHandshake();
      return new SSLSocketWrapper(tls, plain);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeQuietly(tls);
      IOUtils.closeQuietly(plain);
      throw new JedisConnectionException(describe(e), e);
    }
  }

  private String describe(Exception e) {
    String where = "TLS handshake with " + server.getHost() + ":" + server.getPort() + " failed: ";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof CertificateException && message.contains("No subject alternative")
          || message.contains("No name matching")) {
        return where + "the server's certificate is not valid for the host name '" + server.getHost() + "' ("
            + message + "). Connect with a name the certificate lists, or set " + RedisSettings.SSL_VERIFY_HOSTNAME
            + "=false";
      }
      if (cause instanceof CertPathBuilderException || message.contains("PKIX path")) {
        return where + "the server's certificate is not trusted (" + message + "). Set "
            + RedisSettings.SSL_TRUSTSTORE + " to a trust store holding the CA that signed it";
      }
    }
    return where + e;
  }

  @Override
  public String toString() {
    return "TlsSocketFactory{" + server + "}";
  }
}
