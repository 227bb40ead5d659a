package io.jcacheredis.client;

import io.jcacheredis.configuration.RedisSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.cache.CacheException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** The TLS side of the {@code jcache.redis.ssl.*} settings: which certificates are trusted, and hostname checks. */
final class TlsContexts {

  private TlsContexts() {
  }

  /** The socket factory trusting {@value RedisSettings#SSL_TRUSTSTORE}, else the JVM's default trust store. */
  static SSLSocketFactory socketFactory(RedisSettings settings) {
    String path = settings.sslTruststore();
    if (path == null) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(settings, path).getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new CacheException("Cannot set up TLS for " + settings.endpoint() + " with trust store " + path + " ("
          + e + ")", e);
    }
  }

  private static TrustManagerFactory trustManagers(RedisSettings settings, String path)
      throws GeneralSecurityException {
    String type = settings.sslTruststoreType();
    String password = settings.sslTruststorePassword();
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      store.load(in, password == null ? null : password.toCharArray());
    } catch (NoSuchFileException e) {
      throw new CacheException("Setting " + RedisSettings.SSL_TRUSTSTORE + ": no trust store at " + path, e);
    } catch (IOException e) {
      throw new CacheException("Setting " + RedisSettings.SSL_TRUSTSTORE + ": cannot read the " + type
          + " trust store " + path + " (" + e.getMessage() + "; check " + RedisSettings.SSL_TRUSTSTORE_PASSWORD
          + " and " + RedisSettings.SSL_TRUSTSTORE_TYPE + ")", e);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  /** Parameters of each TLS socket: the certificate must name the host unless hostname checks are off. */
  static SSLParameters parameters(RedisSettings settings) {
    SSLParameters parameters = new SSLParameters();
    if (settings.sslVerifyHostname()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    return parameters;
  }
}
