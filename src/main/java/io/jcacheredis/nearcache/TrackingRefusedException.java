package io.jcacheredis.nearcache;

/** Redis refused what invalidation needs (CLIENT, SUBSCRIBE, CLIENT TRACKING): the near cache cannot work here. */
final class TrackingRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TrackingRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
