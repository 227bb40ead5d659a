package io.jcacheredis.store.events;

import io.jcacheredis.store.EventChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-JVM events of one cache in one cache manager: whether another manager listens (so that this one's writes
 * publish, see {@link io.jcacheredis.store.EntryStores#publishing}), and, while this manager has listeners on the
 * cache ({@link #listen}), its subscription to the cache's channel and its lease, which tells the other managers to
 * publish. Closed with the cache.
 */
public final class CacheEvents implements EventChannel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CacheEvents.class);

  private final EventBus bus;
  private final String cacheName;
  private final String channelName;
  private final byte[] channel;
  private final byte[] leasesKey;
  private final byte[] keyPrefix;
  private volatile boolean listened;
  private volatile Consumer<RemoteEvent> sink;
  private volatile boolean expired;

  CacheEvents(EventBus bus, String cacheName, String channelName, byte[] leasesKey, byte[] keyPrefix) {
    this.bus = bus;
    this.cacheName = cacheName;
    this.channelName = channelName;
    this.channel = channelName.getBytes(StandardCharsets.UTF_8);
    this.leasesKey = leasesKey;
    this.keyPrefix = keyPrefix;
  }

  @Override
  public boolean listened() {
    return listened;
  }

  @Override
  public byte[] channel() {
    return channel.clone();
  }

  @Override
  public byte[] origin() {
    return bus.origin().clone();
  }

  String cacheName() {
    return cacheName;
  }

  String channelName() {
    return channelName;
  }

  /**
   * This manager has listeners on the cache: subscribes to its channel (waiting for the server to confirm, so that
   * no change published after this returns is missed), then takes the lease that makes the other managers publish.
   * Calling it again changes where events go and whether expired keys are heard.
   *
   * @param receiver gets each change of another manager, and each expiry, on the delivery thread
   * @param expiredToo whether EXPIRED events are wanted (Redis's expired keyevents are then subscribed to)
   */
  public synchronized void listen(Consumer<RemoteEvent> receiver, boolean expiredToo) {
    boolean first = sink == null;
    sink = receiver;
    if (expiredToo && !expired) {
      bus.hearExpiredKeys();
    }
    expired = expiredToo;
    if (first) {
      bus.subscribe(channelName);
      renew();
    }
  }

  /** This manager has no listeners on the cache any more: drops its lease and subscription. */
  public synchronized void stopListening() {
    if (sink == null) {
      return;
    }
    sink = null;
    expired = false;
    try {
      bus.leases().drop(leasesKey, cacheName);
    } catch (RuntimeException e) {
      LOG.warn("Cache {}: cannot drop this JVM's listener lease now ({}); other JVMs publish its changes until the"
          + " lease ends", cacheName, e.getMessage());
    }
    bus.unsubscribe(channelName);
  }

  /** The cache closes. */
  @Override
  public void close() {
    stopListening();
    bus.forget(this);
  }

  /** Renews this manager's lease while it listens; a failure is logged, and retried at the next renewal. */
  void renew() {
    if (sink == null) {
      return;
    }
    try {
      bus.leases().renew(leasesKey, cacheName);
    } catch (RuntimeException e) {
      LOG.warn("Cache {}: cannot renew this JVM's listener lease now ({}); other JVMs may stop publishing its"
          + " changes until it is", cacheName, e.getMessage());
    }
  }

  /** Asks Redis whether another manager listens; when Redis cannot say, publishes (the safe side). */
  void check() {
    try {
      listened = bus.leases().othersListen(leasesKey);
    } catch (RuntimeException e) {
      LOG.debug("Cache {}: cannot check for listeners in other JVMs now: {}", cacheName, e.getMessage());
      listened = true;
    }
  }

  /** Whether a Redis key is an entry of this cache, which wants EXPIRED events. */
  boolean holds(byte[] key) {
    if (!expired || key.length < keyPrefix.length) {
      return false;
    }
    for (int i = 0; i < keyPrefix.length; i++) {
      if (key[i] != keyPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A message on the cache's channel: delivered unless it is this manager's own or cannot be read. */
  void deliver(byte[] message) {
    RemoteEvent event;
    try {
      event = EventMessages.read(message, bus.origin());
    } catch (IllegalArgumentException e) {
      LOG.warn("Cache {}: a message on {} is not a cache entry event and is skipped: {}", cacheName, channelName,
          e.getMessage());
      return;
    }
    if (event != null) {
      deliver(event);
    }
  }

  void deliver(RemoteEvent event) {
    Consumer<RemoteEvent> receiver = sink;
    if (receiver == null) {
      return;
    }
    try {
      receiver.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("Cache {}: delivering a {} event from another JVM failed", cacheName, event.type(), e);
    }
  }
}
