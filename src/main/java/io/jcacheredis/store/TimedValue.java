package io.jcacheredis.store;

/**
 * A value read together with its remaining time to live, in one atomic step ({@link EntryStore#getWithTtl}).
 *
 * @param value the value, or null when absent
 * @param pttl the remaining milliseconds as PTTL answers them: -1 without expiry, -2 when absent
 */
public record TimedValue(byte[] value, long pttl) {

  /** What an absent entry reads as. */
  public static final TimedValue ABSENT = new TimedValue(null, -2);
}
