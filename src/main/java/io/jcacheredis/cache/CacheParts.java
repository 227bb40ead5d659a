package io.jcacheredis.cache;

import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.event.ListenerObserver;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.util.CacheResources;
import java.util.function.Function;

/**
 * What {@link CacheFactory} made for one cache before the cache exists: its codecs, the Redis store, the expiry
 * policy, loader and writer its configuration's factories created, and the owner of everything closeable among them
 * (and of the listeners the cache creates later); and what observes the cache's listeners (to hear other JVMs'
 * changes while it has some), made from the cache's context.
 */
record CacheParts<K, V>(KeyCodec keys, ValueCodec values, EntryStore store, ExpiryAdapter expiry,
    LoaderWriter<K, V> loaderWriter, CacheResources resources,
    Function<CacheContext<K, V>, ListenerObserver<K, V>> listenerObserver) {
}
