/**
 * The near cache: recently read and written entries of a cache kept in this JVM's memory and served from there, kept
 * correct by Redis's server-assisted invalidation ({@code CLIENT TRACKING} in broadcast mode on the manager's key
 * prefix, with {@code NOLOOP}, on one connection per master that also carries the near-cached writes of its keys).
 * {@link io.jcacheredis.nearcache.NearCaches} is the manager's part (settings, one invalidation listener shared by
 * its near-cached caches); each near-cached cache's {@link io.jcacheredis.store.EntryStore} is wrapped in a {@code
 * NearCacheEntryStore}, so the cache above it works as without a near cache. See {@code docs/near-cache.md}.
 */
package io.jcacheredis.nearcache;
