package io.jcacheredis.client;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import javax.cache.CacheException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.IOUtils;

/**
 * Connects to a Unix domain socket with junixsocket, whose {@link AFUNIXSocket} is a {@link Socket} as Jedis needs
 * (the JDK's own Unix domain sockets are channels only). Only loaded after {@link RedisClients} found junixsocket
 * on the class path.
 */
final class UnixSocketFactory implements JedisSocketFactory {

  private final File path;
  private final int connectTimeoutMillis;
  private final int socketTimeoutMillis;

  UnixSocketFactory(String path, int connectTimeoutMillis, int socketTimeoutMillis) {
    if (!AFUNIXSocket.isSupported()) {
      throw new CacheException("junixsocket does not support Unix domain sockets on this platform ("
          + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "); cannot reach unix://" + path);
    }
    this.path = new File(path);
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.socketTimeoutMillis = socketTimeoutMillis;
  }

  @Override
  public Socket createSocket() {
    AFUNIXSocket socket = null;
    try {
      socket = AFUNIXSocket.newInstance();
      socket.connect(AFUNIXSocketAddress.of(path), connectTimeoutMillis);
      socket.setSoTimeout(socketTimeoutMillis);
      return socket;
    } catch (IOException e) {
      IOUtils.closeQuietly(socket);
      throw new JedisConnectionException("Cannot connect to the Unix socket " + path + " (" + e + ")", e);
    }
  }

  @Override
  public String toString() {
    return "UnixSocketFactory{" + path + "}";
  }
}
