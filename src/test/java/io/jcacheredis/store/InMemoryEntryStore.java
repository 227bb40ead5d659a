package io.jcacheredis.store;

import io.jcacheredis.RedisFailureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EntryStore} in a map, for unit tests of the logic above the seam without a server: byte[] keys to
 * values with an absolute expiry time on a clock the test moves ({@link #advance}). It keeps the contract of the
 * Redis stores, down to what the Lua scripts ({@code put}, {@code cas}, {@code expire_if_exists},
 * {@code increment}) and the native fast paths answer, including their quirks: a plain SET and a SET NX that wrote
 * report "not found before" ({@link WriteResult#STORED}) without asking; a SET NX that kept reports no previous value;
 * {@code setTtlIfExists} with a TTL other than ETERNAL or MILLIS expires the key. One server: every key is in
 * failure group 0. {@link EntryStoreContract} runs the same assertions on it and on a real server. Where it differs:
 * a TTL so long that now + TTL overflows a long is kept (as "never", nearly), where Redis refuses the write with
 * "ERR invalid expire time".
 *
 * <p>It records the name of each method called ({@link #calls()}), so a test can see how many round trips an
 * operation took, and can be made to fail every call ({@link #failWith}) as a server that does not answer.
 * Thread-safe (every method synchronized), as the caches share their store.
 */
public final class InMemoryEntryStore implements EntryStore {

  private record Entry(byte[] value, long expiresAt) {
    static final long NEVER = Long.MAX_VALUE;
  }

  private final Map<ByteBuffer, Entry> entries = new LinkedHashMap<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<String> calls = new ArrayList<>();
  private RedisFailureException failure;

  // ---- test controls ----------------------------------------------------------------------------------------------

  /** Moves the store's clock on; entries whose TTL ran out are then absent. */
  public void advance(long millis) {
    now.addAndGet(millis);
  }

  /** The names of the {@link EntryStore} methods called so far, in order. */
  public synchronized List<String> calls() {
    return new ArrayList<>(calls);
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  /** Every call from now on throws {@code e} (null: works again), as a stopped server would. */
  public synchronized void failWith(RedisFailureException e) {
    this.failure = e;
  }

  /** Stores a value directly (no call recorded): another client's write. */
  public synchronized void set(String key, String value) {
    write(bytes(key), bytes(value), Ttl.ETERNAL);
  }

  /** The value under a key, or null (no call recorded). */
  public synchronized String peek(String key) {
    byte[] value = live(bytes(key));
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** The live keys (no call recorded). */
  public synchronized int size() {
    int live = 0;
    for (ByteBuffer key : new ArrayList<>(entries.keySet())) {
      if (live(key.array()) != null) {
        live++;
      }
    }
    return live;
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- the map, with lazy expiry ----------------------------------------------------------------------------------

  private void call(String name) {
    calls.add(name);
    if (failure != null) {
      throw failure;
    }
  }

  private static ByteBuffer wrap(byte[] key) {
    return ByteBuffer.wrap(key.clone());
  }

  private Entry entry(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key);
    Entry entry = entries.get(k);
    if (entry != null && entry.expiresAt() <= now.get()) {
      entries.remove(k);
      return null;
    }
    return entry;
  }

  private byte[] live(byte[] key) {
    Entry entry = entry(key);
    return entry == null ? null : entry.value();
  }

  /** SET with a TTL: KEEP keeps the current one (KEEPTTL), ETERNAL none, EXPIRED deletes, MILLIS PX. */
  private void write(byte[] key, byte[] value, Ttl ttl) {
    Entry old = entry(key);
    long expiresAt;
    switch (ttl.kind()) {
      case KEEP:
        expiresAt = old == null ? Entry.NEVER : old.expiresAt();
        break;
      case ETERNAL:
        expiresAt = Entry.NEVER;
        break;
      case EXPIRED:
        entries.remove(ByteBuffer.wrap(key));
        return;
      default:
        expiresAt = expiry(ttl.millis());
    }
    entries.put(wrap(key), new Entry(value.clone(), expiresAt));
  }

  private long expiry(long millis) {
    long at = now.get() + millis;
    return at < 0 ? Entry.NEVER - 1 : at; // a TTL near Long.MAX_VALUE must not wrap into the past
  }

  /** PEXPIRE: a TTL of zero or less deletes the key. */
  private void pexpire(byte[] key, long millis) {
    Entry entry = entry(key);
    if (entry == null) {
      return;
    }
    if (millis <= 0) {
      entries.remove(ByteBuffer.wrap(key));
    } else {
      entries.put(wrap(key), new Entry(entry.value(), expiry(millis)));
    }
  }

  private void persist(byte[] key) {
    Entry entry = entry(key);
    if (entry != null) {
      entries.put(wrap(key), new Entry(entry.value(), Entry.NEVER));
    }
  }

  private byte[] remove(byte[] key) {
    byte[] old = live(key);
    entries.remove(ByteBuffer.wrap(key));
    return old;
  }

  // ---- EntryStore -------------------------------------------------------------------------------------------------

  @Override
  public int failureGroup(byte[] key) {
    return 0;
  }

  @Override
  public int failureGroup(List<byte[]> keys) {
    return 0;
  }

  @Override
  public synchronized byte[] get(byte[] key) {
    call("get");
    return live(key);
  }

  @Override
  public <K, T> T read(byte[] key, Ttl access, K about, ValueReader<K, T> reader) {
    return reader.read(about, getAndTouch(key, access));
  }

  @Override
  public synchronized byte[] getAndTouch(byte[] key, Ttl access) {
    call("getAndTouch");
    byte[] value = live(key);
    if (value != null) {
      switch (access.kind()) {
        case KEEP:
          break;
        case EXPIRED:
          remove(key);
          break;
        case ETERNAL:
          persist(key);
          break;
        default:
          pexpire(key, access.millis());
      }
    }
    return value;
  }

  @Override
  public synchronized boolean exists(byte[] key) {
    call("exists");
    return live(key) != null;
  }

  @Override
  public synchronized List<byte[]> getAll(List<byte[]> keys) {
    call("getAll");
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(live(key));
    }
    return values;
  }

  @Override
  public synchronized WriteResult put(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update,
      boolean returnOld) {
    call("put");
    // The native commands AbstractEntryStore sends instead of the script, with their coarser answers.
    if (condition == Condition.ALWAYS && create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP) {
      byte[] old = live(key);
      write(key, value, Ttl.KEEP);
      return returnOld ? new WriteResult(old != null, true, old) : WriteResult.STORED;
    }
    if (condition == Condition.IF_ABSENT && !create.isExpired()) {
      if (live(key) != null) {
        return WriteResult.KEPT;
      }
      write(key, value, create.kind() == Ttl.Kind.MILLIS ? create : Ttl.ETERNAL);
      return WriteResult.STORED;
    }
    return putScript(key, value, condition, create, update, returnOld);
  }

  /** put.lua. */
  private WriteResult putScript(byte[] key, byte[] value, Condition condition, Ttl create, Ttl update,
      boolean returnOld) {
    byte[] current = live(key);
    boolean existed = current != null;
    byte[] old = returnOld ? current : null;
    if ((condition == Condition.IF_ABSENT && existed) || (condition == Condition.IF_PRESENT && !existed)) {
      return new WriteResult(existed, false, old);
    }
    Ttl ttl = existed ? update : create;
    if (ttl.isExpired()) {
      remove(key);
      return new WriteResult(existed, false, old);
    }
    write(key, value, ttl);
    return new WriteResult(existed, true, old);
  }

  @Override
  public synchronized List<WriteResult> putAll(List<byte[]> keys, List<byte[]> values, Ttl create, Ttl update,
      boolean returnOld) {
    call("putAll");
    if (keys.isEmpty()) {
      return Collections.emptyList();
    }
    boolean plainSet = create.kind() == Ttl.Kind.ETERNAL && update.kind() == Ttl.Kind.KEEP && !returnOld;
    List<WriteResult> results = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      if (plainSet) {
        write(keys.get(i), values.get(i), Ttl.KEEP);
        results.add(WriteResult.STORED);
      } else {
        results.add(putScript(keys.get(i), values.get(i), Condition.ALWAYS, create, update, returnOld));
      }
    }
    return results;
  }

  /** cas.lua: 1 applied, 0 the entry differs from {@code expected}, -1 {@code expected} a value and found none. */
  private int cas(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    byte[] current = live(key);
    if (expected == null) {
      if (current != null) {
        return 0;
      }
    } else if (current == null) {
      return -1;
    } else if (!Arrays.equals(current, expected)) {
      return 0;
    }
    if (value == null && !touchOnly || ttl.isExpired()) {
      remove(key);
    } else if (!touchOnly) {
      write(key, value, ttl);
    } else if (ttl.kind() == Ttl.Kind.ETERNAL) {
      persist(key);
    } else if (ttl.kind() == Ttl.Kind.MILLIS) {
      pexpire(key, ttl.millis());
    }
    return 1;
  }

  @Override
  public synchronized boolean compareAndSet(byte[] key, byte[] expected, byte[] value, Ttl ttl, boolean touchOnly) {
    call("compareAndSet");
    return cas(key, expected, value, ttl, touchOnly) == 1;
  }

  @Override
  public synchronized List<Boolean> compareAndSetAll(List<CompareAndSet> requests) {
    call("compareAndSetAll");
    List<Boolean> applied = new ArrayList<>(requests.size());
    for (CompareAndSet r : requests) {
      applied.add(cas(r.key(), r.expected(), r.value(), r.ttl(), r.touchOnly()) == 1);
    }
    return applied;
  }

  @Override
  public synchronized byte[] getAndDelete(byte[] key) {
    call("getAndDelete");
    return remove(key);
  }

  @Override
  public synchronized List<byte[]> getAndDeleteAll(List<byte[]> keys) {
    call("getAndDeleteAll");
    List<byte[]> previous = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      previous.add(remove(key));
    }
    return previous;
  }

  @Override
  public synchronized boolean delete(byte[] key) {
    call("delete");
    return remove(key) != null;
  }

  @Override
  public synchronized long unlink(List<byte[]> keys) {
    call("unlink");
    long deleted = 0;
    for (byte[] key : keys) {
      if (remove(key) != null) {
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public synchronized int removeIfEquals(byte[] key, byte[] expected) {
    call("removeIfEquals");
    return cas(key, expected, null, Ttl.EXPIRED, false);
  }

  @Override
  public synchronized int replaceIfEquals(byte[] key, byte[] expected, byte[] value, Ttl update) {
    call("replaceIfEquals");
    return cas(key, expected, value, update, false);
  }

  /** None, as the Redis stores (only a near cache remembers what was stored); no call recorded: no round trip. */
  @Override
  public byte[] lastStored(byte[] key) {
    return null;
  }

  @Override
  public synchronized TimedValue getWithTtl(byte[] key) {
    call("getWithTtl");
    return timed(key);
  }

  @Override
  public synchronized List<TimedValue> getAllWithTtl(List<byte[]> keys) {
    call("getAllWithTtl");
    List<TimedValue> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(timed(key));
    }
    return values;
  }

  private TimedValue timed(byte[] key) {
    Entry entry = entry(key);
    if (entry == null) {
      return TimedValue.ABSENT;
    }
    return new TimedValue(entry.value(), entry.expiresAt() == Entry.NEVER ? -1 : entry.expiresAt() - now.get());
  }

  @Override
  public synchronized long pttl(byte[] key) {
    call("pttl");
    Entry entry = entry(key);
    if (entry == null) {
      return -2;
    }
    return entry.expiresAt() == Entry.NEVER ? -1 : entry.expiresAt() - now.get();
  }

  @Override
  public synchronized boolean setTtlIfExists(byte[] key, Ttl ttl) {
    call("setTtlIfExists");
    if (live(key) == null) {
      return false;
    }
    if (ttl.kind() == Ttl.Kind.ETERNAL) {
      persist(key);
    } else {
      pexpire(key, ttl.millis()); // expire_if_exists.lua: every code but 'e' is a PEXPIRE
    }
    return true;
  }

  @Override
  public synchronized Long increment(byte[] key, long delta, Ttl update) {
    call("increment");
    Entry entry = entry(key);
    if (entry == null) {
      return null;
    }
    long current;
    try {
      current = Long.parseLong(new String(entry.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new ArithmeticException("ERR value is not an integer or out of range");
    }
    long sum;
    try {
      sum = Math.addExact(current, delta);
    } catch (ArithmeticException e) {
      throw new ArithmeticException("ERR increment or decrement would overflow");
    }
    entries.put(wrap(key), new Entry(bytes(Long.toString(sum)), entry.expiresAt()));
    if (update.kind() == Ttl.Kind.ETERNAL) {
      persist(key);
    } else if (update.kind() == Ttl.Kind.MILLIS) {
      pexpire(key, update.millis());
    }
    return sum;
  }

  /** One SCAN step per {@code count} matching keys of a snapshot taken at the first step. */
  @Override
  public KeyScanner scanner(byte[] pattern, int count) {
    return new KeyScanner() {
      private Iterator<byte[]> keys;
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public List<byte[]> next() {
        if (done) {
          throw new NoSuchElementException("the scan is complete");
        }
        synchronized (InMemoryEntryStore.this) {
          call("scan");
          if (keys == null) {
            List<byte[]> matching = new ArrayList<>();
            for (ByteBuffer key : new ArrayList<>(entries.keySet())) {
              if (live(key.array()) != null && Glob.matches(pattern, key.array())) {
                matching.add(key.array().clone());
              }
            }
            keys = matching.iterator();
          }
        }
        List<byte[]> page = new ArrayList<>();
        while (keys.hasNext() && page.size() < Math.max(1, count)) {
          page.add(keys.next());
        }
        done = !keys.hasNext();
        return page;
      }
    };
  }

  /** Redis's glob-style patterns (stringmatchlen): {@code * ? [abc] [^a] [a-z]} and {@code \} escapes. */
  static final class Glob {

    private Glob() {
    }

    static boolean matches(byte[] pattern, byte[] text) {
      return matches(pattern, 0, text, 0);
    }

    private static boolean matches(byte[] p, int pi, byte[] s, int si) {
      while (pi < p.length) {
        byte c = p[pi];
        if (c == '*') {
          while (pi + 1 < p.length && p[pi + 1] == '*') {
            pi++;
          }
          if (pi + 1 == p.length) {
            return true;
          }
          for (int i = si; i <= s.length; i++) {
            if (matches(p, pi + 1, s, i)) {
              return true;
            }
          }
          return false;
        }
        if (si >= s.length) {
          return false;
        }
        if (c == '?') {
          pi++;
          si++;
        } else if (c == '[') {
          int end = pi + 1;
          boolean not = end < p.length && p[end] == '^';
          if (not) {
            end++;
          }
          boolean match = false;
          while (end < p.length && p[end] != ']') {
            if (p[end] == '\\' && end + 1 < p.length) {
              end++;
              match |= p[end] == s[si];
            } else if (end + 2 < p.length && p[end + 1] == '-') {
              int lo = Math.min(p[end] & 0xff, p[end + 2] & 0xff);
              int hi = Math.max(p[end] & 0xff, p[end + 2] & 0xff);
              match |= (s[si] & 0xff) >= lo && (s[si] & 0xff) <= hi;
              end += 2;
            } else {
              match |= p[end] == s[si];
            }
            end++;
          }
          if (match == not) {
            return false;
          }
          pi = Math.min(end + 1, p.length);
          si++;
        } else {
          if (c == '\\' && pi + 1 < p.length) {
            pi++;
            c = p[pi];
          }
          if (c != s[si]) {
            return false;
          }
          pi++;
          si++;
        }
      }
      return si == s.length;
    }
  }
}
