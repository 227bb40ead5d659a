package io.jcacheredis.store;

/**
 * What Redis reported for one conditional write: whether the entry existed before, whether the new value is now
 * stored, and the previous value when it was asked for.
 */
public final class WriteResult {

  /**
   * Stored, not found before: a SET NX that wrote, or a plain SET (which does not ask whether the entry existed).
   * Shared, so these writes allocate no result.
   */
  static final WriteResult STORED = new WriteResult(false, true, null);
  /** A SET NX that found a value and kept it. */
  static final WriteResult KEPT = new WriteResult(true, false, null);

  private final boolean existed;
  private final boolean written;
  private final byte[] previous;

  WriteResult(boolean existed, boolean written, byte[] previous) {
    this.existed = existed;
    this.written = written;
    this.previous = previous;
  }

  public boolean existed() {
    return existed;
  }

  /** The new value is stored (false when the condition failed or the new TTL was "expired now"). */
  public boolean written() {
    return written;
  }

  /** The previous value, or null when absent or not requested. */
  public byte[] previous() {
    return previous;
  }
}
