package io.jcacheredis.event;

/** Told by an {@link EventDispatcher} whenever its set of listeners changed (and when its cache closes). */
public interface ListenerObserver<K, V> {

  /** Observes nothing: for caches that hear only their own JVM's changes. */
  @SuppressWarnings("rawtypes")
  ListenerObserver NONE = dispatcher -> { };

  /** The dispatcher's listeners changed; ask it what it has now. */
  void listenersChanged(EventDispatcher<K, V> dispatcher);

  /** {@link #NONE}, typed. */
  @SuppressWarnings("unchecked")
  static <K, V> ListenerObserver<K, V> none() {
    return NONE;
  }
}
