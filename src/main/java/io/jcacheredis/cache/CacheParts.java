package io.jcacheredis.cache;

import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.util.CacheResources;

/**
 * What {@link CacheFactory} made for one cache before the cache exists: its codecs, the Redis store, the expiry
 * policy, loader and writer its configuration's factories created, and the owner of everything closeable among them
 * (and of the listeners the cache creates later).
 */
record CacheParts<K, V>(KeyCodec keys, ValueCodec values, EntryStore store, ExpiryAdapter expiry,
    LoaderWriter<K, V> loaderWriter, CacheResources resources) {
}
