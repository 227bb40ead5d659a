package io.jcacheredis.cache;

import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.store.EntryStore;

/**
 * What {@link CacheFactory} made for one cache before the cache exists: its codecs, the Redis store, and the expiry
 * policy, loader and writer its configuration's factories created.
 */
record CacheParts<K, V>(KeyCodec keys, ValueCodec values, EntryStore store, ExpiryAdapter expiry,
    LoaderWriter<K, V> loaderWriter) {
}
