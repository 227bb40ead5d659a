package io.jcacheredis;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of a server, that can be frozen like a network partition or a hung
 * server: while frozen, no byte moves in either direction and nothing is closed, so clients hang until their own
 * timeouts fire (a stopped server refuses connections at once, and never exercises them). {@link #thaw()} delivers
 * what was held back. Public for the tests of other packages (such as the transactions' KeyLock test).
 */
public final class FreezableProxy implements AutoCloseable {

  private static final int BUFFER_BYTES = 16 * 1024;
  private static final int LISTEN_QUEUE = 16;
  /** A connect to a loopback listener with room in its queue completes at once; this long means the queue is full. */
  private static final int QUEUE_FULL_MILLIS = 200;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Socket> queueFillers = new ArrayList<>();
  private final Object gate = new Object();
  private boolean frozen;
  private boolean accepting = true;
  private boolean closed;

  /** What a new connection attempt meets while frozen. */
  public enum Freeze {
    /** No answer (the proxy stops accepting and fills its listen queue, so the kernel drops SYNs): connect timeout. */
    PARTITION,
    /** Accepted (the kernel answers for the hung process), then never answered: the handshake's socket timeout. */
    HUNG_SERVER
  }

  private FreezableProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** A running proxy to {@code host:port}. */
  public static FreezableProxy start(String host, int port) throws IOException {
    ServerSocket listener = new ServerSocket(0, LISTEN_QUEUE, InetAddress.getLoopbackAddress());
    FreezableProxy proxy = new FreezableProxy(listener, new InetSocketAddress(host, port));
    daemon("proxy-accept", proxy::acceptLoop);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Stops moving bytes (and passing on closes) in both directions at once; for a {@link Freeze#PARTITION}, then
   * stops accepting, and returns once a new connection attempt gets no answer.
   */
  public synchronized void freeze(Freeze how) throws IOException {
    synchronized (gate) {
      frozen = true;
      accepting = how != Freeze.PARTITION;
    }
    if (how != Freeze.PARTITION) {
      return;
    }
    InetSocketAddress self = new InetSocketAddress(listener.getInetAddress(), port());
    for (int i = 0; i <= 4 * LISTEN_QUEUE; i++) {
      Socket filler = new Socket();
      queueFillers.add(filler);
      try {
        filler.connect(self, QUEUE_FULL_MILLIS);
      } catch (SocketTimeoutException queueFull) {
        return;
      }
    }
    throw new IllegalStateException("The listen queue of port " + port() + " never filled up");
  }

  /** Accepts and moves bytes again, first those held back while frozen. */
  public synchronized void thaw() {
    queueFillers.forEach(FreezableProxy::closeQuietly);
    queueFillers.clear();
    synchronized (gate) {
      frozen = false;
      accepting = true;
      gate.notifyAll();
    }
  }

  @Override
  public synchronized void close() {
    synchronized (gate) {
      closed = true;
      gate.notifyAll();
    }
    queueFillers.forEach(FreezableProxy::closeQuietly);
    closeQuietly(listener);
    sockets.forEach(FreezableProxy::closeQuietly);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      awaitAccepting();
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException closing) {
        return;
      }
      sockets.add(client);
      daemon("proxy-connect", () -> connect(client));
    }
  }

  /** Connects the accepted client to the server (once thawed: a partition holds back this connection too). */
  private void connect(Socket client) {
    Socket server = new Socket();
    sockets.add(server);
    try {
      awaitThawed();
      server.connect(target, 5000);
    } catch (IOException e) {
      closePair(client, server);
      return;
    }
    daemon("proxy-up", () -> pump(client, server));
    daemon("proxy-down", () -> pump(server, client));
  }

  /** Copies {@code from} to {@code to}, holding each chunk, and the end of the stream, while frozen. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        awaitThawed();
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException ended) {
      // a side closed or reset: passed on below, like the end of the stream
    }
    awaitThawed();
    closePair(from, to);
  }

  private void awaitAccepting() {
    synchronized (gate) {
      while (!accepting && !closed) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void awaitThawed() {
    synchronized (gate) {
      while (frozen && !closed) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void closePair(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    sockets.remove(a);
    sockets.remove(b);
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException alreadyGone) {
      // closing a reset socket: nothing is left to release
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
