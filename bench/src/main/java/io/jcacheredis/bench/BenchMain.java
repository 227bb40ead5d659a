package io.jcacheredis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs the whole comparison in one JVM invocation: starts an embedded Redis, or with {@code cluster} a Redis Cluster of
 * three embedded masters (unless {@code -Djcache.redis.url} or {@code JCACHE_REDIS_URL} names a server or a {@code
 * redis-cluster://}), runs the JMH benchmarks of {@link KeyOps}, {@link ValueOps} and {@link AsyncOps} with the gc
 * profiler at 1 and 8 threads (and get and put, pooled, multiplexed and raw, at 64), and {@link CrowdOps}' get and
 * put (100-byte values) by 256 callers, measured in calls per second of wall-clock time, and get and put by 64
 * virtual threads (forked in a JDK of Java 21 or later, {@code bench.virtual-jdk}; forked JVMs, all on that server),
 * then prints the provider/raw table and writes it to {@code <out>/latest.md}, {@code <out>/latest.csv} and the
 * ratio chart {@code <out>/ratios.png}.
 *
 * <p>Usage: {@code java -jar jcache-redis-bench.jar [short|long|smoke] [cluster]}. System properties: {@code profile}
 * (same as the argument), {@code bench.cluster=true} (same as {@code cluster}), {@code bench.out} (results folder,
 * default {@code results}), {@code bench.threads} (default {@code 1,8,64}; above 8 only get and put), {@code
 * bench.crowd-threads} (the callers of the {@link CrowdOps} get/put row, default 256; 0 leaves it out), {@code
 * bench.virtual-threads} (the virtual-thread row's threads, default 64; 0 leaves it out), {@code bench.virtual-jdk}
 * (the JDK that row forks in, default {@value ForkJvm#DEFAULT_VIRTUAL_JDK}; without it the row is left out), {@code
 * bench.async-window} (the async extension's calls in flight per thread in {@link AsyncOps}, default {@value
 * AsyncOps#DEFAULT_WINDOW}), {@code bench.include} (a regex on the method names, e.g. {@code get_|put_}), {@code
 * bench.prof} (extra JMH profilers, separated by spaces, with options as in JMH's {@code -prof}: {@code stack
 * jfr:dir=/tmp/jfr}).
 */
public final class BenchMain {

  /** How long each benchmark runs. */
  record Profile(String name, int forks, int warmupIterations, int busyWarmupIterations, int bulkWarmupIterations,
      TimeValue warmupTime, int iterations, TimeValue iterationTime) {

    static Profile named(String name) {
      switch (name) {
        case "short":
          return new Profile(name, 1, 2, 4, 5, TimeValue.seconds(1), 5, TimeValue.milliseconds(500));
        case "long":
          return new Profile(name, 2, 3, 3, 3, TimeValue.seconds(3), 5, TimeValue.seconds(5));
        case "smoke": // checks that everything runs; the numbers mean nothing
          return new Profile(name, 1, 1, 1, 1, TimeValue.milliseconds(200), 1, TimeValue.milliseconds(300));
        default:
          throw new IllegalArgumentException("Unknown profile " + name + ": use short, long or smoke");
      }
    }

    /**
     * The profile at {@code threads} threads. With more busy threads than the 2 cores, the JIT's compiler threads
     * get little CPU: the provider's single-key paths (deeper than raw Jedis's) were still speeding up in the 3rd
     * and 4th second, long after a 1-thread run has settled.
     */
    Profile at(int threads) {
      return threads > 1 ? withWarmup(busyWarmupIterations) : this;
    }

    /**
     * The profile for the 100-key benchmarks: a few thousand calls a second reach the JIT's steady state only after
     * about four seconds (in 1 s warmups their throughput still doubled in the 4th measurement).
     */
    Profile bulk() {
      return withWarmup(bulkWarmupIterations);
    }

    private Profile withWarmup(int warmups) {
      return new Profile(name, forks, warmups, warmups, warmups, warmupTime, iterations, iterationTime);
    }

    String describe() {
      String exceptions = (busyWarmupIterations != warmupIterations ? busyWarmupIterations + " above 1 thread, " : "")
          + (bulkWarmupIterations != warmupIterations ? bulkWarmupIterations + " for getAll/putAll" : "");
      return forks + " fork(s), " + warmupIterations + " warmup x " + warmupTime
          + (exceptions.isEmpty() ? "" : " (" + exceptions.replaceAll(", $", "") + ")")
          + ", " + iterations + " measurement x " + iterationTime;
    }
  }

  /** Thread counts above this run get and put only (the 64-thread rows of the multiplexed mode's targets). */
  private static final int ALL_OPERATIONS_UP_TO = 8;

  /** The many-callers row: get and put by this many callers (more than the pool's 16 connections). */
  private static final int CROWD_THREADS = 256;

  /** The virtual-thread row: get and put by this many virtual threads. */
  private static final int VIRTUAL_THREADS = 64;

  /** The 100-key benchmarks of {@link ValueOps}, as a regex on method names. */
  private static final String BULK = "(getAll|putAll)";

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Instant started = Instant.now();
    String profileName = System.getProperty("profile", "short");
    boolean cluster = Boolean.getBoolean("bench.cluster");
    for (String arg : args) {
      if (arg.equals("cluster")) {
        cluster = true;
      } else {
        profileName = arg;
      }
    }
    Profile profile = Profile.named(profileName);
    Path out = Paths.get(System.getProperty("bench.out", "results")).toAbsolutePath();
    Files.createDirectories(out);
    List<Integer> threads = new ArrayList<>();
    for (String t : System.getProperty("bench.threads", "1,8,64").split(",")) {
      threads.add(Integer.parseInt(t.trim()));
    }
    String include = System.getProperty("bench.include", "");
    int window = Integer.getInteger("bench.async-window", AsyncOps.DEFAULT_WINDOW);
    if (window < 1) {
      throw new IllegalArgumentException("bench.async-window is " + window
          + ": give the async extension's calls in flight per thread, 1 or more (default "
          + AsyncOps.DEFAULT_WINDOW + ")");
    }

    String configured = Servers.configuredUrl();
    if (configured != null && Servers.isCluster(configured)) {
      cluster = true;
    } else if (configured != null && cluster) {
      throw new IllegalArgumentException("cluster mode needs a redis-cluster:// URL, but " + Servers.URL_PROPERTY
          + " / " + Servers.URL_ENV + " names another server");
    }
    EmbeddedRedis embedded = null;
    String url = configured;
    if (url == null) {
      embedded = cluster ? EmbeddedRedis.cluster() : EmbeddedRedis.server();
      url = embedded.url();
      System.setProperty(Servers.URL_PROPERTY, url);
    }
    try {
      String redisVersion;
      String topology = null; // one server: the table stays as it always was
      try (UnifiedJedis redis = Servers.rawClient()) {
        redisVersion = Report.field(redis.info("server"), "redis_version");
        if (cluster) {
          topology = "cluster (" + Servers.masters(redis) + " masters)";
        }
      }
      System.out.printf("# jcache-redis bench: profile %s (%s), threads %s, Redis %s %s%s%n", profile.name(),
          profile.describe(), threads, redisVersion, topology == null ? "" : topology + " ",
          embedded != null ? "(embedded)" : "(given by "
              + (System.getenv(Servers.URL_ENV) != null ? Servers.URL_ENV : "-D" + Servers.URL_PROPERTY) + ")");

      // The forks get the server as -D; a server given only in the environment reaches them through it (so a
      // password in it stays out of their command lines).
      ForkJvm fork = ForkJvm.platform(
          embedded != null || System.getProperty(Servers.URL_PROPERTY) != null ? url : null);
      List<RunResult> results = new ArrayList<>();
      OtherLoad otherLoad = new OtherLoad();
      List<String> excluded = excludedRawBenchmarks(cluster);
      for (int t : threads) {
        if (t > ALL_OPERATIONS_UP_TO) {
          // Many threads: get and put only (pooled, multiplexed and raw), 100-byte values.
          results.addAll(run(profile.at(t), t, ValueOps.class, "(?=(get|put)_)", include, excluded, "100",
              Special.NONE, fork, otherLoad));
          continue;
        }
        // Value-independent operations once, then the value operations per size, so that within each JMH run
        // the provider and raw benchmarks of one operation (and one value size) run back to back.
        results.addAll(run(profile.at(t), t, KeyOps.class, "", include, excluded, null, Special.NONE, fork,
            otherLoad));
        for (String size : new String[] {"100", "1024"}) {
          results.addAll(run(profile.at(t), t, ValueOps.class, "(?!" + BULK + ")", include, excluded, size,
              Special.NONE, fork, otherLoad));
          results.addAll(run(profile.bulk(), t, ValueOps.class, "(?=" + BULK + ")", include, excluded, size,
              Special.NONE, fork, otherLoad));
          results.addAll(run(profile.bulk(), t, NearOps.class, "", include, excluded, size, Special.NONE, fork,
              otherLoad));
        }
        // A window of async calls in flight per thread (100-byte values): the multiplexed mode's stages completed by
        // the reply readers, the pooled mode's worker threads, and raw Jedis sending the same calls as one pipeline.
        results.addAll(run(profile.at(t), t, AsyncOps.class, "", include, excluded, "100", Special.window(window),
            fork, otherLoad));
        if (t == 1) { // compression costs CPU per call: one thread shows it; its own value sizes (1 KB, 100 KB)
          results.addAll(run(profile, t, CompressionOps.class, "", include, excluded, null, Special.NONE, fork,
              otherLoad));
        }
      }
      int crowd = Integer.getInteger("bench.crowd-threads", CROWD_THREADS);
      if (crowd > 0) {
        // A servlet container's worth of callers on the default pool of 16: get and put only, 100-byte values,
        // measured in calls per second of wall-clock time (JMH's sum of per-thread rates is no throughput when
        // some callers starve; see CrowdOps). The warmup of a busy run (profile.at): the callers keep the cores busy.
        results.addAll(run(profile.at(crowd), 1, CrowdOps.class, "", include, excluded, null, Special.crowd(crowd),
            fork, otherLoad));
      }
      int virtualThreads = Integer.getInteger("bench.virtual-threads", VIRTUAL_THREADS);
      if (virtualThreads > 0) {
        // The same get and put (pooled, multiplexed and raw, 100-byte values) by virtual threads, forked in a JDK of
        // Java 21 or later (this build stays on 17).
        ForkJvm virtual = ForkJvm.virtual(fork);
        if (virtual == null) {
          System.out.println("# no virtual-thread row: no JDK at -Dbench.virtual-jdk (default "
              + ForkJvm.DEFAULT_VIRTUAL_JDK + ")");
        } else {
          results.addAll(run(profile.at(virtualThreads), virtualThreads, ValueOps.class, "(?=(get|put)_)", include,
              excluded, "100", Special.NONE, virtual, otherLoad));
        }
      }
      otherLoad.close();

      Duration elapsed = Duration.between(started, Instant.now());
      Report report = new Report(results, otherLoad, profile.name() + " (" + profile.describe() + ")", redisVersion,
          topology, embedded != null, elapsed);
      System.out.println();
      System.out.println(report.table());
      report.write(out);
      System.out.println("Wrote " + out.resolve("latest.md") + ", " + out.resolve("latest.csv") + ", "
          + out.resolve("ratios.png"));
      System.out.printf(Locale.ROOT, "Total time: %d min %02d s%n", elapsed.toMinutes(), elapsed.toSecondsPart());
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /**
   * The raw bulk benchmarks that are not the raw equivalent in this mode. On a cluster, MGET and MSET may not name
   * keys of two slots; Jedis' RedisClusterClient splits them into one command per slot, sent one after another (about
   * 100 round trips for 100 random keys), so the raw side pipelines GETs and SETs instead, one pipeline per master,
   * as the provider does. On one server, MGET and MSET stay the raw side, as they always were.
   */
  private static List<String> excludedRawBenchmarks(boolean cluster) {
    return cluster ? List.of("getAll_raw", "putAll_raw", "nearGetAll_raw")
        : List.of("getAll_rawPipelined", "nearGetAll_rawPipelined");
  }

  /** The options one benchmark class needs beyond those every run has. */
  @FunctionalInterface
  interface Special {
    /** Most benchmarks: one call per invocation, the gc profiler on. */
    Special NONE = options -> options.addProfiler(GCProfiler.class);

    void apply(ChainedOptionsBuilder options);

    /**
     * {@link CrowdOps}: its callers. JMH runs it in one thread, without the gc profiler, whose allocation per
     * operation would be per invocation of the benchmark method, not per call.
     */
    static Special crowd(int callers) {
      return options -> options.param(CrowdOps.CALLERS, String.valueOf(callers));
    }

    /**
     * {@link AsyncOps}: {@code window} calls per invocation, which JMH counts as as many operations (its scores and
     * the gc profiler's allocation are then per call).
     */
    static Special window(int window) {
      return options -> {
        NONE.apply(options);
        options.param(AsyncOps.WINDOW, String.valueOf(window)).operationsPerInvocation(window);
      };
    }
  }

  /**
   * @param methods a lookahead on the method names (or empty) that selects part of {@code benchmarks}
   * @param special what {@code benchmarks} needs beyond the common options ({@link Special#NONE} for most)
   */
  private static Collection<RunResult> run(Profile profile, int threads, Class<?> benchmarks, String methods,
      String include, List<String> excluded, String valueSize, Special special, ForkJvm fork, OtherLoad otherLoad)
      throws RunnerException {
    String pattern = "^" + java.util.regex.Pattern.quote(benchmarks.getName() + ".") + methods + ".*("
        + (include.isEmpty() ? ".*" : include) + ").*$";
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(pattern)
        .forks(profile.forks())
        .warmupIterations(profile.warmupIterations())
        .warmupTime(profile.warmupTime())
        .measurementIterations(profile.iterations())
        .measurementTime(profile.iterationTime())
        .threads(threads)
        .shouldFailOnError(true);
    special.apply(options);
    for (String method : excluded) {
      options.exclude("\\." + method + "$");
    }
    options.jvmArgsAppend(fork.args().toArray(new String[0]));
    if (fork.java() != null) {
      options.jvm(fork.java());
    }
    for (String extra : System.getProperty("bench.prof", "").trim().split("\\s+")) {
      int colon = extra.indexOf(':');
      if (colon > 0) {
        options.addProfiler(extra.substring(0, colon), extra.substring(colon + 1));
      } else if (!extra.isEmpty()) {
        options.addProfiler(extra);
      }
    }
    if (valueSize != null) {
      options.param("valueSize", valueSize);
    }
    try {
      return new Runner(options.build(),
          otherLoad.watching(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.NORMAL))).run();
    } catch (NoBenchmarksException e) { // bench.include matched nothing in this class
      return List.of();
    }
  }
}
