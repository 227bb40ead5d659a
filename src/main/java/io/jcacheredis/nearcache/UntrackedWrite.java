package io.jcacheredis.nearcache;

/**
 * A write that was not made over the tracking connection of the master that owns its key now: no such connection is
 * live, or that master answered MOVED or ASK (the slot moved; the write did not run). The near cache then sends it
 * through the pool like any other write and keeps nothing of it.
 */
final class UntrackedWrite extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UntrackedWrite(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
