package io.jcacheredis.store;

/**
 * Where the changes of one cache are published for the listeners of other cache managers, and whether any listens
 * now ({@link EntryStores#publishing}).
 */
public interface EventChannel {

  /** Whether another cache manager has listeners on the cache now: its changes are published only then. */
  boolean listened();

  /** The Pub/Sub channel of the cache's changes. */
  byte[] channel();

  /** The id of this cache manager, carried by each message so that it does not hear its own changes back. */
  byte[] origin();
}
