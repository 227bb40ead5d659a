package io.jcacheredis.event;

import io.jcacheredis.store.events.CacheEvents;
import io.jcacheredis.store.events.RemoteEvent;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Brings the changes other JVMs make to a cache, and the entries that expire inside Redis, to this JVM's listeners of
 * the cache: while the cache has listeners here, its {@link CacheEvents} listens (and, while one of them hears
 * EXPIRED events, Redis's expired keys too); each event is decoded with the cache's codecs here and dispatched like
 * the JVM's own changes, on the delivery thread, a failing filter or listener not keeping it from the others.
 */
public final class RemoteEvents<K, V> implements ListenerObserver<K, V> {

  private final CacheEvents channel;
  private final Function<byte[], K> keys;
  private final BiFunction<K, byte[], V> values;

  /**
   * @param keys the cache key of a Redis key of the cache, or null when it cannot be read
   * @param values the value of the bytes stored for a key, or null when they cannot be read
   */
  public RemoteEvents(CacheEvents channel, Function<byte[], K> keys, BiFunction<K, byte[], V> values) {
    this.channel = channel;
    this.keys = keys;
    this.values = values;
  }

  @Override
  public void listenersChanged(EventDispatcher<K, V> dispatcher) {
    if (dispatcher.isEmpty()) {
      channel.stopListening();
    } else {
      channel.listen(event -> deliver(dispatcher, event), dispatcher.hearsExpired());
    }
  }

  private void deliver(EventDispatcher<K, V> dispatcher, RemoteEvent event) {
    K key = keys.apply(event.key());
    if (key == null) {
      return; // logged by the decoder
    }
    V value = event.value() == null ? null : values.apply(key, event.value());
    V old = event.oldValue() == null ? null : values.apply(key, event.oldValue());
    dispatcher.dispatchRemote(List.of(new EntryChange<>(event.type(), key, value, old)));
  }
}
