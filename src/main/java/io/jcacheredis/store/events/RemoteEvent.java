package io.jcacheredis.store.events;

import javax.cache.event.EventType;

/**
 * A change of one entry made by another cache manager, or an expiry inside Redis, as Redis bytes: the entry's Redis
 * key, its value and its previous value (null when absent; for EXPIRED from a keyspace notification both are null, as
 * Redis gives only the key).
 */
public record RemoteEvent(EventType type, byte[] key, byte[] value, byte[] oldValue) {
}
