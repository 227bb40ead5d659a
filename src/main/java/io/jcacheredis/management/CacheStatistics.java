package io.jcacheredis.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * Statistics of one cache in this JVM, exact when each call returns. Counters are per JVM, as the JCache MXBean is:
 * other JVMs sharing the cache keep their own. When statistics are disabled every record call is a no-op.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** System.nanoTime() when enabled, 0 otherwise (so disabled statistics cost no clock read). */
  public long start() {
    return enabled ? System.nanoTime() : 0L;
  }

  public void hits(long n) {
    if (enabled) {
      hits.add(n);
    }
  }

  public void misses(long n) {
    if (enabled) {
      misses.add(n);
    }
  }

  /** One hit or one miss. */
  public void hitOrMiss(boolean hit) {
    if (enabled) {
      (hit ? hits : misses).increment();
    }
  }

  public void puts(long n) {
    if (enabled) {
      puts.add(n);
    }
  }

  public void removals(long n) {
    if (enabled) {
      removals.add(n);
    }
  }

  public void getTime(long start) {
    if (enabled) {
      getNanos.add(System.nanoTime() - start);
    }
  }

  public void putTime(long start) {
    if (enabled) {
      putNanos.add(System.nanoTime() - start);
    }
  }

  public void removeTime(long start) {
    if (enabled) {
      removeNanos.add(System.nanoTime() - start);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = getCacheHits();
    long total = h + getCacheMisses();
    return total == 0 ? 0f : (float) h / total * 100f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = getCacheMisses();
    long total = m + getCacheHits();
    return total == 0 ? 0f : (float) m / total * 100f;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (nanos / 1000f) / count;
  }
}
