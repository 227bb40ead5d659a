package io.jcacheredis.store;

import java.util.List;

/**
 * What the caches ask of Redis, on encoded keys and values: the one seam between JCache semantics and Redis
 * commands, so that whatever must see every Redis call of a cache (a near cache, event publishing) wraps it in one
 * place. Each method is one round trip; each multi-key method is one pipeline. Native commands are used where they
 * express the operation (SET KEEPTTL, SET NX, GETDEL, GETEX, MGET), Lua scripts where a decision must be atomic with
 * the write.
 *
 * <p>{@link EntryStores#create} chooses the implementation once, from the client: one server (or the master a
 * sentinel names), or a Redis Cluster, where no command ever names keys of two slots: MGET and UNLINK are sent once
 * per slot, and every multi-key method is one pipeline per master (the masters in parallel). Failures are
 * {@link io.jcacheredis.RedisFailureException}s naming the server.
 */
public interface EntryStore {

  /** When a conditional write may happen. */
  enum Condition {
    ALWAYS("*"), IF_ABSENT("a"), IF_PRESENT("p");

    final CommandArg code;

    Condition(String code) {
      this.code = CommandArg.ascii(code);
    }
  }

  /** The failure group of keys that fail together with no others (see {@link #failureGroup(byte[])}). */
  int NO_FAILURE_GROUP = -1;

  /**
   * Which keys fail together when Redis does not answer: on one server all of them (group 0), on a cluster those of
   * one hash slot (its number), as other slots may be served by another master.
   */
  int failureGroup(byte[] key);

  /** The failure group of these keys together: on a cluster none ({@link #NO_FAILURE_GROUP}); they span masters. */
  int failureGroup(List<byte[]> keys);

  /** GET: the value, or null when absent. */
  byte[] get(byte[] key);

  /**
   * GET and PTTL of one key in one atomic step (a script): what a near cache needs to keep a copy no longer than
   * Redis keeps the entry.
   */
  TimedValue getWithTtl(byte[] key);

  /** {@link #getWithTtl} for many keys in one pipeline (in a cluster: one per master); the results in order. */
  List<TimedValue> getAllWithTtl(List<byte[]> keys);

  /**
   * A value this JVM stored for the key with a {@link #compareAndSet}, remembered by a near cache although the
   * entry's local copy was dropped: possibly outdated, so good only as the expected value of a compare-and-set (which
   * then tells whether it was still current), never as what a caller reads. Null when none is known (always without
   * a near cache); sends nothing to Redis.
   */
  byte[] lastStored(byte[] key);

  /** Reads a value and applies an access TTL in the same command (GETEX / GETDEL). */
  byte[] getAndTouch(byte[] key, Ttl access);

  /**
   * {@link #getAndTouch} and then {@code reader}'s value of what it found: a store that keeps values locally (a
   * near cache) hands out again the instance it read before when the reader says it may be {@linkplain
   * ValueReader#shared shared}, instead of reading the kept bytes again.
   *
   * @param about the key as the caller named it, handed to {@code reader}
   */
  <K, T> T read(byte[] key, Ttl access, K about, ValueReader<K, T> reader);

  /** EXISTS. */
  boolean exists(byte[] key);

  /** Values for the keys in order, null where absent: one MGET (in a cluster: one per slot, one pipeline). */
  List<byte[]> getAll(List<byte[]> keys);

  /**
   * Writes a value whose TTL depends on whether the entry exists. Uses SET / SET NX directly when the TTLs make the
   * existence check unnecessary, the {@code put} script otherwise.
   *
   * @param returnOld whether the result carries the previous value
   */
  WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update, boolean returnOld);

  /** {@link #put} with {@link Condition#ALWAYS} for many entries in one pipeline; the results in the keys' order. */
  List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update, boolean returnOld);

  /**
   * Commits a change only if the entry still holds {@code expected} (null: still absent). Returns false when it
   * changed meanwhile.
   *
   * @param value the new value, or null to delete the entry
   * @param ttl the TTL to apply with the new value (or alone, when {@code value} equals {@code expected} and
   *     {@code touchOnly} is set)
   */
  boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly);

  /** {@link #compareAndSet} for many entries in one pipeline: whether each was applied, in order. */
  List<Boolean> compareAndSetAll(List<CompareAndSet> requests);

  /** Deletes and returns the value (GETDEL). */
  byte[] getAndDelete(byte[] key);

  /** GETDEL for each key in one pipeline; the previous values in order, null where absent. */
  List<byte[]> getAndDeleteAll(List<byte[]> keys);

  /** DEL: whether the key existed. */
  boolean delete(byte[] key);

  /** Deletes keys with UNLINK (memory freed off the main thread), one command (in a cluster: one per slot). */
  long unlink(List<byte[]> keys);

  /** Deletes the entry if it holds {@code expected}: -1 absent, 0 value differs, 1 deleted. */
  int removeIfEquals(byte[] key, byte[] expected);

  /** Replaces the entry's value if it holds {@code expected}: -1 absent, 0 value differs, 1 replaced. */
  int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update);

  /** PTTL: remaining milliseconds, -1 without expiry, -2 when absent. */
  long pttl(byte[] key);

  /** Sets (MILLIS) or removes (ETERNAL) a key's TTL; returns whether the key existed. */
  boolean setTtlIfExists(byte[] key, Ttl ttl);

  /**
   * INCRBY on an existing entry, then the update TTL; a missing entry is not created.
   *
   * @return the new value (the reply's own Long, not boxed again), or null when the entry is missing
   * @throws ArithmeticException with Redis's error text when the value is not an integer or the sum overflows
   */
  Long increment(byte[] key, long delta, Ttl update);

  /**
   * A walk over the keys matching a glob pattern, {@code count} being SCAN's COUNT hint: one SCAN cursor on one
   * server, one per master in a cluster. Sends nothing until its first step.
   */
  KeyScanner scanner(byte[] pattern, int count);
}
