package io.jcacheredis.store;

/**
 * One conditional change for {@link EntryStore#compareAndSetAll}: applied only if the entry still holds
 * {@code expected} (null: still absent).
 *
 * @param value the new value, or null to delete the entry
 * @param ttl the TTL to apply with the new value (or alone, when {@code touchOnly})
 * @param touchOnly change only the TTL of the entry, which must still hold {@code expected}
 */
public record CompareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
}
