/**
 * What the caches ask of Redis, on encoded keys and values: the {@link io.jcacheredis.store.EntryStore} interface
 * (one round trip per method, one pipeline per multi-key method), its implementations for one server and for a
 * Redis Cluster (chosen once by {@link io.jcacheredis.store.EntryStores}), the Lua scripts (resource files run by
 * SHA with an EVAL fallback) and the SCAN of a cache's keys. The connections themselves come from
 * {@code io.jcacheredis.client}.
 */
package io.jcacheredis.store;
