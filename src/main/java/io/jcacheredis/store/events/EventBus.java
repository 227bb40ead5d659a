package io.jcacheredis.store.events;

import io.jcacheredis.client.DedicatedConnections;
import io.jcacheredis.client.DedicatedConnections.Connector;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.configuration.EventOptions;
import io.jcacheredis.configuration.RedisSettings;
import io.jcacheredis.store.ListenerLeases;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The cross-JVM entry events of one cache manager: its id (which its messages carry), the caches whose events it
 * publishes or hears ({@link #open}), and, from the first such cache on, one Pub/Sub connection (on a cluster to
 * any master, as a cluster broadcasts PUBLISH to every node) subscribed to a control channel and to the channels of
 * the caches with listeners here; and, once a cache has an EXPIRED listener, one more connection per master,
 * subscribed to Redis's expired keyevents (which only the master holding the key sends). Messages are handed to the
 * listeners on one delivery thread, in the order they arrived; the leases are renewed and the other managers'
 * leases checked on a timer.
 */
public final class EventBus {

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private static final long MIN_SILENCE_MILLIS = 1_000;
  private static final long DEFAULT_SILENCE_MILLIS = 6_000;
  private static final String PURPOSE = "Cache entry events from other JVMs (" + EventOptions.REMOTE + ")";

  private final UnifiedJedis redis;
  private final RedisSettings settings;
  private final EventOptions options;
  private final long leaseMillis;
  private final byte[] origin = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
  private final String channelPrefix;
  private final String controlChannel;
  private final String expiredChannel;
  private final ListenerLeases leases;
  private final Map<String, CacheEvents> byName = new ConcurrentHashMap<>();
  private final Map<String, CacheEvents> byChannel = new ConcurrentHashMap<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private boolean expiredHeard;
  /** The main subscription was not confirmed while {@link #start} waited for it. */
  private volatile boolean controlLate;
  private ExecutorService delivery;
  private ScheduledExecutorService timer;
  private boolean closed;

  /**
   * Nothing is connected or started until the first {@link #open}.
   *
   * @param options whether caches hear other JVMs unless they say otherwise, and how long a listening lease lasts
   *     (renewed and checked every third of it)
   */
  public EventBus(UnifiedJedis redis, RedisSettings settings, EventOptions options) {
    this.redis = redis;
    this.settings = settings;
    this.options = options;
    this.leaseMillis = options.leaseMillis();
    int database = settings.endpoint().database();
    // Pub/Sub channels are not per database: the database is part of every channel's name.
    this.channelPrefix = "@" + database;
    this.controlChannel = KeyCodec.configKey(settings.prefix(), "") + "%listeners" + channelPrefix;
    this.expiredChannel = "__keyevent@" + database + "__:expired";
    this.leases = new ListenerLeases(redis, origin, leaseMillis, controlChannel.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a cache hears other JVMs' changes, given its own setting (null: the manager's). */
  public boolean remoteFor(Boolean cacheSetting) {
    return options.remote(cacheSetting);
  }

  /** The event channel of a cache, connecting this manager's subscription first if it is not yet. */
  public synchronized CacheEvents open(String cacheName) {
    if (closed) {
      throw new IllegalStateException("The cache manager's events are closed");
    }
    start();
    String configKey = KeyCodec.configKey(settings.prefix(), cacheName);
    CacheEvents events = new CacheEvents(this, cacheName, configKey + "%events" + channelPrefix,
        (configKey + "%listeners").getBytes(StandardCharsets.UTF_8), (configKey + ":").getBytes(StandardCharsets.UTF_8));
    byName.put(cacheName, events);
    byChannel.put(events.channelName(), events);
    events.check();
    return events;
  }

  private void start() {
    if (delivery != null) {
      return;
    }
    Connector anyNode = DedicatedConnections.toAnyNode(redis, settings, PURPOSE);
    delivery = Executors.newSingleThreadExecutor(daemon("jcache-redis-remote-events"));
    timer = Executors.newSingleThreadScheduledExecutor(daemon("jcache-redis-event-leases"));
    subscribers.add(new Subscriber(anyNode, new ControlMessages(), List.of(controlChannel), silenceLimit()));
    long ping = silenceLimit() / 6;
    timer.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    long maintenance = Math.max(1, leaseMillis / 3);
    timer.scheduleWithFixedDelay(this::maintain, maintenance, maintenance, TimeUnit.MILLISECONDS);
    // From here on no new lease goes unannounced to this manager; the caches opened check those taken before.
    controlLate = !subscribe(controlChannel);
  }

  /**
   * A subscription silent for longer than three socket timeouts (at least 1 s; 6 s when the timeout is 0, infinite)
   * is taken for dead; PINGs go every sixth of that, so a slow server or a busy JVM is not taken for a dead one.
   */
  private long silenceLimit() {
    int timeout = settings.timeoutMillis();
    return timeout <= 0 ? DEFAULT_SILENCE_MILLIS : Math.max(MIN_SILENCE_MILLIS, 3L * timeout);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  byte[] origin() {
    return origin;
  }

  ListenerLeases leases() {
    return leases;
  }

  /** Subscribes to a cache's channel; false (after a WARN) when the server has not confirmed it in time. */
  boolean subscribe(String channel) {
    try {
      if (subscribers.get(0).subscribe(channel, settings.timeoutMillis())) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.warn("Cache entry events: the subscription to {} is not confirmed yet; events other JVMs publish before it"
        + " is are lost", channel);
    return false;
  }

  void unsubscribe(String channel) {
    subscribers.get(0).unsubscribe(channel);
  }

  /** Subscribes to Redis's expired keyevents on every master (once), turning them on where the server allows. */
  synchronized void hearExpiredKeys() {
    if (expiredHeard || closed) {
      return;
    }
    List<Connector> masters = DedicatedConnections.toMasters(redis, settings, PURPOSE);
    expiredHeard = true;
    KeyspaceNotifications.enableExpired(masters);
    for (Connector master : masters) {
      subscribers.add(new Subscriber(master, new Messages(), List.of(expiredChannel), silenceLimit()));
    }
  }

  /** The cache closed. */
  void forget(CacheEvents events) {
    byName.remove(events.cacheName(), events);
    byChannel.remove(events.channelName(), events);
  }

  /** Runs on the timer thread: a change of the cache's other listeners is checked there, not on the caller's. */
  void later(Runnable task) {
    ScheduledExecutorService scheduled = timer;
    if (scheduled != null && !scheduled.isShutdown()) {
      scheduled.execute(task);
    }
  }

  private void ping() {
    for (Subscriber subscriber : subscribers) {
      subscriber.ping();
    }
  }

  /** Every third of a lease: renews this manager's leases and checks the other managers' again. */
  private void maintain() {
    for (CacheEvents events : byName.values()) {
      events.renew();
      events.check();
    }
  }

  /** Stops the subscriptions and threads; leases of caches still listening were dropped as they closed. */
  public synchronized void close() {
    closed = true;
    for (Subscriber subscriber : subscribers) {
      subscriber.close();
    }
    if (delivery != null) {
      timer.shutdownNow();
      delivery.shutdown();
      try {
        delivery.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * What the main subscription brings; when it starts again after a failure, or later than {@link #start} waited for
   * it, every cache's leases are checked again, as control messages may have come before it did.
   */
  private final class ControlMessages extends Messages {
    @Override
    public void subscribed(boolean resumed) {
      if (resumed || controlLate) {
        later(EventBus.this::maintain);
      }
    }
  }

  /** What the subscriptions bring, sorted on the subscriber's thread and delivered on the delivery thread. */
  private class Messages implements Subscriber.Handler {

    @Override
    public void message(String channel, byte[] message) {
      if (channel.equals(controlChannel)) {
        CacheEvents events = byName.get(new String(message, StandardCharsets.UTF_8));
        if (events != null) {
          later(events::check);
        }
      } else if (channel.equals(expiredChannel)) {
        delivery.execute(() -> expired(message));
      } else {
        CacheEvents events = byChannel.get(channel);
        if (events != null) {
          delivery.execute(() -> events.deliver(message));
        }
      }
    }


    private void expired(byte[] key) {
      for (CacheEvents events : byName.values()) {
        if (events.holds(key)) {
          events.deliver(new RemoteEvent(EventType.EXPIRED, key, null, null));
        }
      }
    }
  }
}
