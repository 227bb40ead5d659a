/**
 * The read-decide-compare-and-set engine: an entry is read from Redis, a caller (an entry processor, or a cache
 * operation that must call the expiry policy or CacheWriter in this JVM) decides its change, and the change is
 * committed with a compare-and-set that applies only if the entry still holds what was read, else read and decided
 * again. One key at a time ({@link io.jcacheredis.transaction.TransactionRunner}) or many in the round trips of one
 * ({@link io.jcacheredis.transaction.TransactionBatch}), serialized within this JVM by striped
 * {@link io.jcacheredis.transaction.KeyLocks}. It reaches Redis only through the store's
 * {@link io.jcacheredis.store.EntryStore} and the cache only through
 * {@link io.jcacheredis.transaction.TransactionContext}.
 */
package io.jcacheredis.transaction;
