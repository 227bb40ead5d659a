/**
 * Entry events across cache managers (JVMs), the Redis side: the Pub/Sub subscriptions of a manager ({@link
 * io.jcacheredis.store.events.EventBus}, one dedicated connection per master, reconnected with backoff), the event
 * channel of each cache ({@link io.jcacheredis.store.events.CacheEvents}: whether another manager listens, this
 * manager's own listening lease), the messages the publishing scripts send, and Redis's keyspace notifications of
 * expired keys. What a listener receives is decided above, in {@code io.jcacheredis.event}.
 */
package io.jcacheredis.store.events;
