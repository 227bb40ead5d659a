package io.jcacheredis.cache;

import io.jcacheredis.codec.ImmutableValues;
import io.jcacheredis.codec.KeyCodec;
import io.jcacheredis.codec.UnreadableClassException;
import io.jcacheredis.codec.ValueCodec;
import io.jcacheredis.event.EventDispatcher;
import io.jcacheredis.expiry.ExpiryAdapter;
import io.jcacheredis.integration.LoaderWriter;
import io.jcacheredis.management.CacheStatistics;
import io.jcacheredis.store.EntryStore;
import io.jcacheredis.store.EntryStore.Condition;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.ValueReader;
import io.jcacheredis.store.WriteResult;
import io.jcacheredis.transaction.EntryTransaction;
import io.jcacheredis.transaction.KeyLocks;
import io.jcacheredis.transaction.TransactionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an operation on one cache needs, built once by the cache manager: codecs, the Redis store, expiry,
 * loader/writer, listeners and statistics. Operations and entry processors share it instead of reaching into the
 * cache; it is what the read-decide-write transactions see of the cache ({@link TransactionContext}).
 */
final class CacheContext<K, V> implements TransactionContext<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(CacheContext.class);

  private final Cache<K, V> cache;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final KeyCodec keys;
  private final ValueCodec values;
  private final EntryStore store;
  private final ExpiryAdapter expiry;
  private final LoaderWriter<K, V> loaderWriter;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final KeyLocks locks = new KeyLocks();
  private final RefusedClasses refusedClasses = new RefusedClasses();
  private final boolean throwOnUnreadableValues;
  private final ValueReader<K, V> reader = new ValueReader<>() {
    @Override
    public V read(K key, byte[] bytes) {
      return readValue(key, bytes);
    }

    @Override
    public boolean shared(V value) {
      return ImmutableValues.contains(value);
    }
  };

  CacheContext(Cache<K, V> cache, CompleteConfiguration<K, V> configuration, CacheParts<K, V> parts,
      boolean throwOnUnreadableValues, CacheStatistics statistics) {
    this.cache = cache;
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
    this.keys = parts.keys();
    this.values = parts.values();
    this.store = parts.store();
    this.expiry = parts.expiry();
    this.loaderWriter = parts.loaderWriter();
    this.events = new EventDispatcher<>(cache, parts.resources(), parts.listenerObserver().apply(this));
    this.statistics = statistics;
    this.throwOnUnreadableValues = throwOnUnreadableValues;
  }

  public Cache<K, V> cache() {
    return cache;
  }

  @Override
  public EntryStore store() {
    return store;
  }

  /**
   * The locks serializing read-decide-write operations on one key within this JVM, so concurrent invokes here run a
   * processor only as often as needed.
   */
  @Override
  public KeyLocks locks() {
    return locks;
  }

  @Override
  public boolean mayStartFromLastStored() {
    return expiry.isPure() && !loaderWriter.writeThrough();
  }

  public ExpiryAdapter expiry() {
    return expiry;
  }

  public LoaderWriter<K, V> loaderWriter() {
    return loaderWriter;
  }

  public EventDispatcher<K, V> events() {
    return events;
  }

  public CacheStatistics statistics() {
    return statistics;
  }

  public KeyCodec keyCodec() {
    return keys;
  }

  @Override
  public byte[] encodeKey(K key) {
    return keys.encode(key);
  }

  /** Decodes a Redis key of this cache; null (after a WARN, see {@link #decodeValue}) when its bytes cannot be read. */
  @SuppressWarnings("unchecked")
  public K decodeKey(byte[] redisKey) {
    try {
      return (K) keys.decode(redisKey);
    } catch (CacheException e) {
      logUnreadable("a key stored in Redis cannot be read and is skipped", e);
      return null;
    }
  }

  /** The readable keys among Redis keys of this cache. */
  public List<K> decodeKeys(List<byte[]> redisKeys) {
    List<K> decoded = new ArrayList<>(redisKeys.size());
    for (byte[] redisKey : redisKeys) {
      K key = decodeKey(redisKey);
      if (key != null) {
        decoded.add(key);
      }
    }
    return decoded;
  }

  @Override
  public byte[] encodeValue(V value) {
    return values.encode(value);
  }

  /**
   * Decodes the stored value of {@code key}; null stays null. Bytes that cannot be read (corrupt, truncated, or
   * naming a class this cache does not allow) or that hold a value of another type than the cache's are a miss, with
   * a WARN naming the cache and the key: one bad entry must not make the cache unusable, and neither the codec's
   * internal exceptions nor a value of the wrong type reach the caller. A refused class is one WARN per class for
   * this cache (naming the class and the setting that allows it); later values naming it are logged at DEBUG. For
   * old values reported by writes, which must neither fail nor be refused because of what they replace.
   */
  @Override
  public V decodeValue(K key, byte[] bytes) {
    return decode(key, bytes, false);
  }

  /**
   * Decodes a value a caller reads (get, getAll, iteration, an entry processor's getValue): as {@link
   * #decodeValue}, except that a cache set to throw on unreadable values throws a CacheException naming the cache,
   * the key and the reason instead of missing.
   */
  @Override
  public V readValue(K key, byte[] bytes) {
    return decode(key, bytes, throwOnUnreadableValues);
  }

  /**
   * {@link #readValue} as a {@link ValueReader}, whose immutable values ({@link ImmutableValues}) a near cache may
   * hand out again.
   */
  ValueReader<K, V> reader() {
    return reader;
  }

  @SuppressWarnings("unchecked")
  private V decode(K key, byte[] bytes, boolean throwing) {
    if (bytes == null) {
      return null;
    }
    Object value;
    try {
      value = values.decode(bytes);
    } catch (CacheException e) {
      if (throwing) {
        throw new CacheException("Cache " + cache.getName() + ": the value stored for key " + key
            + " cannot be read: " + e.getMessage(), e);
      }
      logUnreadable("the value stored for key " + key + " cannot be read and is treated as a miss", e);
      return null;
    }
    if (!isValueType(value)) {
      String type = value == null ? "null" : value.getClass().getName();
      if (throwing) {
        throw new CacheException("Cache " + cache.getName() + ": the value stored for key " + key + " is a " + type
            + ", not a " + valueType.getName());
      }
      LOG.warn("Cache {}: the value stored for key {} is a {}, not a {}, and is treated as a miss", cache.getName(),
          key, type, valueType.getName());
      return null;
    }
    return (V) value;
  }

  /** A WARN, or a DEBUG for a class whose refusal this cache has already warned about. */
  private void logUnreadable(String what, CacheException e) {
    if (!(e instanceof UnreadableClassException)) {
      LOG.warn("Cache {}: {}: {}", cache.getName(), what, e.getMessage());
    } else if (refusedClasses.firstRefusal(((UnreadableClassException) e).className())) {
      LOG.warn("Cache {}: {}: {} (warned once per class for this cache; later ones are logged at DEBUG)",
          cache.getName(), what, e.getMessage());
    } else {
      LOG.debug("Cache {}: {}: {}", cache.getName(), what, e.getMessage());
    }
  }

  /** Throws ClassCastException (as the spec requires) when a key has the wrong configured type. */
  public void checkKeyType(K key) {
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Key " + key + " is a " + key.getClass().getName() + ", but cache "
          + cache.getName() + " is configured for keys of type " + keyType.getName());
    }
  }

  /** Throws ClassCastException when a value has the wrong configured type. */
  @Override
  public void checkValueType(V value) {
    if (!isValueType(value)) {
      throw new ClassCastException("Value " + value + " is a " + value.getClass().getName() + ", but cache "
          + cache.getName() + " is configured for values of type " + valueType.getName());
    }
  }

  private boolean isValueType(Object value) {
    return valueType == Object.class || valueType.isInstance(value);
  }

  /** The extension's incr failing because Redis found no Long, or the sum overflows: counted as a hit. */
  ArithmeticException notALong(K key, long delta, ArithmeticException e) {
    statistics.hits(1);
    return new ArithmeticException("incr: the value of " + key + " in cache " + cache().getName()
        + " is not a Long, or adding " + delta + " overflows (" + e.getMessage() + ")");
  }

  /**
   * Counts and announces an increment Redis made ({@link DirectWrites}); returns the sum.
   *
   * @param sum null when the entry is missing: a miss, failing with NoSuchElementException
   */
  long recordIncrement(K key, long delta, Long sum) {
    if (sum == null) {
      statistics.misses(1);
      throw new NoSuchElementException("incr: cache " + cache().getName() + " has no key " + key);
    }
    statistics.hits(1);
    statistics.puts(1);
    if (!events.isEmpty()) {
      events.updated(key, asValue(sum), asValue(sum - delta));
    }
    return sum;
  }

  @SuppressWarnings("unchecked") // incr checked that the value type admits Long
  private V asValue(long value) {
    return (V) Long.valueOf(value);
  }

  /** Counts and announces a write Redis decided (see {@link DirectWrites}) from what Redis reported. */
  public void recordWrite(K key, V value, WriteResult result, Condition condition) {
    if (result.existed()) {
      if (condition == Condition.IF_ABSENT) {
        return;
      }
      statistics.puts(1);
      if (!events.isEmpty()) {
        events.updated(key, value, decodeValue(key, result.previous()));
      }
    } else if (result.written()) {
      statistics.puts(1);
      events.created(key, value);
    }
  }

  @Override
  public V readThrough(K key) {
    return loaderWriter.readThrough(key);
  }

  @Override
  public void writeThrough(K key, V value) {
    loaderWriter.write(key, value);
  }

  @Override
  public void deleteThrough(K key) {
    loaderWriter.delete(key);
  }

  @Override
  public Ttl creationTtl() {
    return expiry.creation();
  }

  @Override
  public Ttl updateTtl() {
    return expiry.update();
  }

  @Override
  public Ttl accessTtl() {
    return expiry.access();
  }

  @Override
  public void committed(EntryTransaction<K, V> transaction, boolean written) {
    CommitEvents.announce(events, transaction, written);
  }
}
