package io.jcacheredis.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * get and put of large, compressible values (1 KB and 100 KB of HTML-like text, {@link Data#document}) through a
 * cache with each compression ({@code none}, {@code lz4}, {@code zstd}: the {@value CompressionState#COMPRESSION}
 * parameter, which the report adds to the operation's name), against raw GET and SET of the same text uncompressed.
 * Each state prints, once per fork, how many bytes one value takes in Redis (STRLEN), which is what compression buys.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CompressionOps {

  @Benchmark
  public String bigGet_provider(CompressionState.Provider s) {
    return s.cache.get(Data.KEY_NAMES[randomIndex()]);
  }

  @Benchmark
  public String bigGet_raw(CompressionState.Raw s) {
    return s.redis.get(s.keys[randomIndex()]);
  }

  @Benchmark
  public void bigPut_provider(CompressionState.Provider s) {
    s.cache.put(Data.KEY_NAMES[randomIndex()], s.value);
  }

  @Benchmark
  public String bigPut_raw(CompressionState.Raw s) {
    return s.redis.set(s.keys[randomIndex()], s.value);
  }

  /** One of the {@link CompressionState#KEYS} keys (few: 100 KB values). */
  private static int randomIndex() {
    return ThreadLocalRandom.current().nextInt(CompressionState.KEYS);
  }
}
