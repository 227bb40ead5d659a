package io.jcacheredis.nearcache;

import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.store.EntryStore;

/**
 * What {@link NearCaches#wrap} decided for one cache: the store it uses and the value codec it decodes with (with a
 * near cache, one that does not decode again the values of immutable types it hits, see {@code DecodedImmutables}).
 *
 * @param store the cache's store: the near cache over the given one, or the given one
 * @param values the cache's value codec: remembering decoded immutable values, or the given one
 */
public record NearCached(EntryStore store, ValueCodec values) {
}
