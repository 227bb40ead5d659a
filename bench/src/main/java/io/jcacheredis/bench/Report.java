package io.jcacheredis.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Pairs each provider benchmark with its raw counterparts and renders the table, the CSV and the ratio chart. */
final class Report {

  /** Operations in table order, with how each side is labelled. */
  private static final List<String> OP_ORDER = List.of("get", "put", "putIfAbsent", "remove", "contains", "ttl",
      "incr", "invoke", "getAll", "putAll", "asyncGet", "asyncPut", "bigGet", "bigPut", "nearGet", "nearPut",
      "nearGetAll", "nearInvoke");

  /**
   * One benchmark's numbers. {@code wallClock}: a {@link CrowdOps} benchmark, whose score is its callers' calls per
   * second of wall-clock time (its aux counter), whose threads are its callers, and whose allocation per call is
   * unknown (NaN). {@code virtual}: its threads were virtual threads (a fork in a newer JDK, {@link ForkJvm}).
   */
  record Bench(String op, String variant, int threads, Integer valueSize, boolean wallClock, boolean virtual,
      double score, double error, double median, double allocPerOp, double otherCores) {
  }

  /**
   * The provider's benchmarks, each next to raw Jedis: the default (pooled) mode, and the multiplexed connection mode
   * for get, put, getAll and putAll.
   */
  private static final List<String> CONTENDERS = List.of("provider", "multiplexed");

  /**
   * A provider benchmark (of either contender) next to one raw benchmark of the same operation, threads and value
   * size.
   */
  record Row(String op, String rawVariant, int threads, Integer valueSize, boolean wallClock, Bench provider,
      Bench raw) {

    double ratio() {
      return provider.score() / raw.score();
    }

    double medianRatio() {
      return provider.median() / raw.median();
    }

    /**
     * The row's name in the table; on a cluster the raw pipelines are Jedis' ClusterPipeline. Rows measured in calls
     * per second of wall-clock time ({@link CrowdOps}) say so.
     */
    String label(boolean cluster) {
      String label = multiplexed() ? "[multiplexed] " + opLabel(cluster) : opLabel(cluster);
      return wallClock ? label + " (wall clock)" : virtual() ? label + " (virtual threads)" : label;
    }

    /** Whether both sides ran on virtual threads. */
    boolean virtual() {
      return provider.virtual();
    }

    /** Whether the provider side ran in the multiplexed connection mode. */
    boolean multiplexed() {
      return provider.variant().equals("multiplexed");
    }

    private String opLabel(boolean cluster) {
      String pipeline = cluster ? "ClusterPipeline" : "pipeline";
      switch (op) {
        case "get": return "get / GET";
        case "put": return "put / SET";
        case "putIfAbsent": return "putIfAbsent (key present) / SET NX";
        case "remove": return "remove + put back / DEL + SET";
        case "contains": return "containsKey / EXISTS";
        case "ttl": return "ext ttl (join) / PTTL";
        case "incr": return "ext incr (join) / INCRBY";
        case "invoke": return "invoke(+1) / INCR";
        case "getAll": return rawVariant.equals("rawPipelined") ? "getAll 100 / " + pipeline + " of 100 GET"
            : "getAll 100 / MGET 100";
        case "putAll": return rawVariant.equals("rawPipelined") ? "putAll 100 / " + pipeline + " of 100 SET"
            : "putAll 100 / MSET 100";
        case "nearInvoke": return "near-cache invoke(+1) / INCR";
        case "nearPut": return "near-cached put / SET";
        case "nearGet": return rawVariant.equals("caffeine") ? "near-cache get hit / Caffeine JCache get (ceiling)"
            : "near-cache get hit / GET";
        case "nearGetAll": return rawVariant.equals("caffeine")
            ? "near-cache getAll 100 hits / Caffeine JCache getAll 100 (ceiling)"
            : rawVariant.equals("rawPipelined") ? "near-cache getAll 100 hits / " + pipeline + " of 100 GET"
            : "near-cache getAll 100 hits / MGET 100";
        default: return op.startsWith("big") ? compressionLabel()
            : op.startsWith("async") ? asyncLabel(pipeline) : op + " / " + rawVariant;
      }
    }

    /** An {@link AsyncOps} row, op "asyncGet 16": "ext get, 16 in flight (join all) / pipeline of 16 GET". */
    private String asyncLabel(String pipeline) {
      String window = op.split(" ")[1];
      return "ext " + asyncCall() + ", " + window + " in flight (join all) / " + pipeline + " of " + window + " "
          + (asyncCall().equals("get") ? "GET" : "SET");
    }

    /** The extension's method of an {@link AsyncOps} row: "get" for op "asyncGet 16". */
    private String asyncCall() {
      return op.split(" ")[0].substring("async".length()).toLowerCase(Locale.ROOT);
    }

    /** A {@link CompressionOps} row, op "bigGet lz4": "get, lz4 / GET". */
    private String compressionLabel() {
      String[] parts = op.split(" ");
      String call = parts[0].substring("big".length()).toLowerCase(Locale.ROOT);
      return call + ", " + parts[1] + " / " + (call.equals("get") ? "GET" : "SET");
    }

    String shortLabel() {
      String name = op.startsWith("async") ? "ext " + asyncCall() + " x" + op.split(" ")[1]
          : rawVariant.equals("rawPipelined") ? op + " vs pipelined " + (op.equals("getAll") ? "GET" : "SET") : op;
      name = multiplexed() ? name + " mux" : name;
      name = virtual() ? name + " vt" : name;
      return valueSize == null ? name : name + " " + (valueSize >= 1024 ? valueSize / 1024 + "KB" : valueSize + "B");
    }

    /**
     * The throughput target of the issue: single-key 0.95x (1 thread) / 0.9x (8), bulk 0.9x, invoke 0.5x; in the
     * multiplexed mode (issue 19) get/put 0.95x at 1 thread, 1.5x at 8, 2x at 64, getAll/putAll 1.0x; a near-cache
     * get hit 100x the round trip it saves, a near-cached invoke 0.9x INCR, a near-cached put as a put; a getAll of
     * 100 hits against one MGET of 100 and anything against Caffeine no target (0: the ratio is for reading; the
     * issue sets none, and building the 100-entry map bounds even Caffeine's own getAll to a few times MGET); nor the
     * async extension's windows of calls in flight ({@link AsyncOps}) against a raw pipeline of them (issue 19 sets
     * none for the extension).
     */
    double target() {
      if (rawVariant.equals("caffeine") || op.startsWith("async")) {
        return 0;
      }
      if (op.equals("nearInvoke")) { // either contender: issue 16's target
        return 0.9;
      }
      if (multiplexed()) { // issue 19: faster than the raw pooled client it is built on
        return op.equals("getAll") || op.equals("putAll") ? 1.0 : threads == 1 ? 0.95 : threads >= 64 ? 2.0 : 1.5;
      }
      switch (op) {
        case "nearGet":
          return 100;
        case "nearGetAll":
          return 0;
        case "nearInvoke":
          return 0.9;
        case "getAll":
        case "putAll":
          return 0.9;
        case "invoke":
          return 0.5;
        default: // the CompressionOps rows have none: they show what compression costs beside what it saves
          return op.startsWith("big") ? 0 : threads == 1 ? 0.95 : 0.9;
      }
    }

    /**
     * The allocation the provider may add over raw Jedis: the size of the values the operation moves (100 values
     * for getAll/putAll); for containsKey/ttl the 100-byte values of their cache, for the Long caches 8 bytes.
     */
    long allocAllowance() {
      switch (op) {
        case "getAll":
        case "putAll":
        case "nearGetAll":
          return 100L * valueSize;
        case "contains":
        case "ttl":
          return ProviderState.Keys.VALUE_SIZE;
        case "incr":
        case "invoke":
        case "nearInvoke":
          return Long.BYTES;
        default:
          return valueSize;
      }
    }

    /** Whether the row has a throughput target; rows without one (target 0) are ratios to read. */
    boolean hasTarget() {
      return target() > 0;
    }

    boolean ratioMet() {
      return ratio() >= target();
    }

    /** "yes", "NO", or "-" when the row has no throughput target. */
    String ratioVerdict() {
      return !hasTarget() ? "-" : ratioMet() ? "yes" : "NO";
    }

    /** CPU used by other processes during the noisier of the two benchmarks, in cores. */
    double otherCores() {
      return Math.max(provider.otherCores(), raw.otherCores());
    }

    /** Whether both sides' allocation per call is known: not for the wall-clock rows. */
    boolean allocKnown() {
      return !Double.isNaN(provider.allocPerOp()) && !Double.isNaN(raw.allocPerOp());
    }

    /**
     * Whether the row has an allocation target: where the allocation is known, except the async extension's windows
     * ({@link AsyncOps}), for which the issue sets none (its stages against one raw pipeline's shared objects).
     */
    boolean allocTargeted() {
      return allocKnown() && !op.startsWith("async");
    }

    /** Whether the allocation target is met; only meaningful when {@link #allocTargeted()}. */
    boolean allocMet() {
      return provider.allocPerOp() <= raw.allocPerOp() + allocAllowance();
    }

    /** "yes", "NO", "n/a" when the allocation is not known, or "-" when the row has no allocation target. */
    String allocVerdict() {
      return !allocKnown() ? "n/a" : !allocTargeted() ? "-" : allocMet() ? "yes" : "NO";
    }

    /** The series of the chart this row belongs to. */
    String series() {
      return wallClock ? threads + " callers (wall clock)" : virtual() ? threads + " virtual threads"
          : threads == 1 ? "1 thread" : threads + " threads";
    }
  }

  private final List<Row> rows;
  private final String profile;
  private final String redisVersion;
  /** "cluster (3 masters)", or null for one server. */
  private final String topology;
  private final boolean embedded;
  private final Duration elapsed;

  Report(List<RunResult> results, OtherLoad otherLoad, String profile, String redisVersion, String topology,
      boolean embedded, Duration elapsed) {
    this.profile = profile;
    this.redisVersion = redisVersion;
    this.topology = topology;
    this.embedded = embedded;
    this.elapsed = elapsed;
    this.rows = pair(results.stream().map(result -> bench(result, otherLoad)).toList());
  }

  /**
   * A benchmark's numbers. For a {@link CrowdOps} benchmark (one with a {@code callers} parameter), the score, its
   * error and the iterations' median are those of its {@code calls} aux counter (calls per second of wall-clock
   * time), the threads are its callers (JMH ran one thread), and the allocation per call is NaN: JMH's gc profiler
   * divides by the benchmark method's invocations, not by the calls.
   */
  @SuppressWarnings("rawtypes") // JMH's secondary results are raw Results
  private static Bench bench(RunResult result, OtherLoad otherLoad) {
    String name = result.getParams().getBenchmark();
    String method = name.substring(name.lastIndexOf('.') + 1);
    int cut = method.indexOf('_');
    String size = result.getParams().getParam("valueSize");
    String callers = result.getParams().getParam(CrowdOps.CALLERS);
    boolean wallClock = callers != null;
    if (wallClock && !result.getSecondaryResults().containsKey(CrowdOps.COUNTER)) {
      throw new IllegalStateException(name + " has no \"" + CrowdOps.COUNTER + "\" counter");
    }
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult fork : result.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        scores.add((wallClock ? iteration.getSecondaryResults().get(CrowdOps.COUNTER)
            : iteration.getPrimaryResult()).getScore());
      }
    }
    Result score = wallClock ? result.getSecondaryResults().get(CrowdOps.COUNTER) : result.getPrimaryResult();
    double alloc = Double.NaN;
    if (!wallClock) {
      for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
        if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = secondary.getValue().getScore();
        }
      }
    }
    String compression = result.getParams().getParam(CompressionState.COMPRESSION); // provider rows of CompressionOps
    String window = result.getParams().getParam(AsyncOps.WINDOW); // both sides of AsyncOps
    String option = compression != null ? compression : window;
    return new Bench(method.substring(0, cut) + (option == null ? "" : " " + option),
        method.substring(cut + 1),
        wallClock ? Integer.parseInt(callers) : result.getParams().getThreads(),
        size == null ? null : Integer.valueOf(size), wallClock, ForkJvm.isVirtual(result.getParams()),
        score.getScore(), score.getScoreError(), median(scores), alloc, otherLoad.coresDuring(result.getParams()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<Row> pair(List<Bench> benches) {
    List<Row> rows = new ArrayList<>();
    for (Bench provider : benches) {
      if (!CONTENDERS.contains(provider.variant())) {
        continue;
      }
      for (Bench raw : benches) {
        boolean baseline = raw.variant().startsWith("raw") || raw.variant().equals("caffeine");
        if (baseline && sameOperation(provider, raw) && raw.threads() == provider.threads()
            && Objects.equals(raw.valueSize(), provider.valueSize()) && raw.wallClock() == provider.wallClock()
            && raw.virtual() == provider.virtual()) {
          rows.add(new Row(provider.op(), raw.variant(), provider.threads(), provider.valueSize(),
              provider.wallClock(), provider, raw));
        }
      }
    }
    rows.sort(Comparator.<Row>comparingInt(r -> OP_ORDER.indexOf(r.op().split(" ")[0]))
        .thenComparing(Row::rawVariant)
        .thenComparing(r -> CONTENDERS.indexOf(r.provider().variant()))
        .thenComparingInt(r -> r.valueSize() == null ? 0 : r.valueSize())
        .thenComparingInt(Row::threads)
        .thenComparing(Row::wallClock)
        .thenComparing(Row::virtual));
    return rows;
  }

  /**
   * Whether {@code raw} does the operation of {@code provider}: the same op ({@link AsyncOps}' ops carry their window,
   * "asyncGet 16", on both sides), or the op without the provider's option ({@link CompressionOps}: "bigGet lz4"
   * against "bigGet").
   */
  private static boolean sameOperation(Bench provider, Bench raw) {
    return raw.op().equals(provider.op()) || raw.op().equals(provider.op().split(" ")[0]);
  }

  List<Row> rows() {
    return rows;
  }

  /** The Markdown table. */
  String table() {
    StringBuilder out = new StringBuilder();
    out.append("| operation (provider / raw)").append(topology == null ? "" : ", " + topology)
        .append(" | threads | value | provider ops/s | raw ops/s | ratio | ratio of medians"
        + " | target | provider B/op | raw B/op | B/op allowed | met (ops / alloc) | other CPU |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT,
          "| %s | %d | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %s / %s | %s |%n",
          row.label(topology != null), row.threads(),
          row.valueSize() == null ? (row.op().equals("incr") || row.op().equals("invoke") ? "Long" : "-")
              : row.valueSize() + " B",
          withError(row.provider()), withError(row.raw()), row.ratio(), row.medianRatio(),
          row.hasTarget() ? String.format(Locale.ROOT, "%.2f", row.target()) : "none",
          bytes(row.provider().allocPerOp()), bytes(row.raw().allocPerOp()),
          row.allocKnown() && !row.allocTargeted() ? "-" : bytes(row.raw().allocPerOp() + row.allocAllowance()),
          row.ratioVerdict(), row.allocVerdict(),
          Double.isNaN(row.otherCores()) ? "n/a" : String.format(Locale.ROOT, "%.2f", row.otherCores())));
    }
    return out.toString();
  }

  private static String withError(Bench bench) {
    if (Double.isNaN(bench.error())) {
      return String.format(Locale.ROOT, "%,.0f", bench.score());
    }
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", bench.score(), bench.error());
  }

  private static String bytes(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
  }

  void write(Path dir) throws IOException {
    Files.writeString(dir.resolve("latest.md"), markdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("latest.csv"), csv(), StandardCharsets.UTF_8);
    chart(dir.resolve("ratios.png"));
  }

  private String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# jcache-redis vs raw Jedis").append(topology == null ? "" : ", " + topology).append("\n\n");
    out.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
    out.append("- Profile: ").append(profile).append('\n');
    out.append("- Machine: ").append(machine()).append('\n');
    out.append("- Redis: ").append(redisVersion).append(topology == null ? "" : " " + topology)
        .append(embedded ? " (embedded, started by the benchmark)" : "")
        .append('\n');
    out.append(String.format(Locale.ROOT, "- Run time: %d min %02d s%n", elapsed.toMinutes(), elapsed.toSecondsPart()));
    out.append("- Ratio = provider ops/s / raw ops/s (JMH means; ± is JMH's 99.9% error). B/op: gc.alloc.rate.norm"
        + " (-prof gc), all threads of the fork. Other CPU: cores used by processes other than the benchmark"
        + " (its JVMs and the embedded Redis) while the noisier side of the row ran; on a 2-core machine, rows"
        + " above ~0.2 are suspect. Rows marked (wall clock): get and put by that many callers sharing one"
        + " pool (more callers than connections); each side's score is all callers' calls per second of wall-clock"
        + " time (CrowdOps), their allocation per call is not measured (n/a). Rows marked (virtual threads): JMH's"
        + " benchmark threads were virtual threads (-Djmh.executor=VIRTUAL), both sides forked in a JDK of Java 21"
        + " or later. Rows ext get/put, N in flight: each thread makes N calls of the async extension, then joins"
        + " them; raw Jedis sends the same N commands as one pipeline; scores and B/op are per call (AsyncOps).\n\n");
    out.append(table()).append('\n');
    long ratioRows = rows.stream().filter(Row::hasTarget).count();
    long ratioMisses = rows.stream().filter(r -> r.hasTarget() && !r.ratioMet()).count();
    long allocRows = rows.stream().filter(Row::allocTargeted).count();
    long allocMisses = rows.stream().filter(r -> r.allocTargeted() && !r.allocMet()).count();
    out.append(String.format(Locale.ROOT, "Throughput targets met: %d of %d. Allocation targets met: %d of %d"
        + " (rows with target none or -: no target, a ratio to read).%n",
        ratioRows - ratioMisses, ratioRows, allocRows - allocMisses, allocRows));
    return out.toString();
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it unknown
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + System.getProperty("java.vm.name")
        + " " + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch");
  }

  private String csv() {
    StringBuilder out = new StringBuilder("op,raw_variant,label,threads,value_size,provider_ops_s,provider_error,"
        + "provider_median,raw_ops_s,raw_error,raw_median,ratio,ratio_of_medians,target,ratio_met,"
        + "provider_alloc_b_op,raw_alloc_b_op,alloc_allowance_b,alloc_met,provider_other_cpu_cores,"
        + "raw_other_cpu_cores,wall_clock,virtual_threads\n");
    for (Row row : rows) {
      // the allocation columns stay empty where it is not known (the wall-clock rows), the allowance and verdict
      // where there is no allocation target (the async windows), ratio_met where there is no throughput target
      boolean alloc = row.allocKnown();
      boolean allocTarget = row.allocTargeted();
      out.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.4f,%.4f,%.2f,%s,"
              + "%s,%s,%s,%s,%.3f,%.3f,%s,%s%n",
          row.op(), row.rawVariant(), row.label(topology != null), row.threads(),
          row.valueSize() == null ? "" : row.valueSize(),
          row.provider().score(), row.provider().error(), row.provider().median(),
          row.raw().score(), row.raw().error(), row.raw().median(), row.ratio(), row.medianRatio(), row.target(),
          row.hasTarget() ? String.valueOf(row.ratioMet()) : "",
          alloc ? String.format(Locale.ROOT, "%.1f", row.provider().allocPerOp()) : "",
          alloc ? String.format(Locale.ROOT, "%.1f", row.raw().allocPerOp()) : "",
          allocTarget ? String.valueOf(row.allocAllowance()) : "",
          allocTarget ? String.valueOf(row.allocMet()) : "",
          row.provider().otherCores(), row.raw().otherCores(), row.wallClock(), row.virtual()));
    }
    return out.toString();
  }

  private void chart(Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Map<String, Boolean> categories = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.op().startsWith("near")) {
        continue; // ratios of 100 and more (a hit against a round trip) would flatten every other bar: table only
      }
      categories.put(row.shortLabel(), true);
      data.addValue(row.ratio(), row.series(), row.shortLabel());
    }
    JFreeChart chart = ChartFactory.createBarChart("jcache-redis throughput / raw Jedis (" + profile.split(" ")[0]
            + " profile" + (topology == null ? "" : ", " + topology) + ")", null,
        "provider ops/s ÷ raw ops/s (solid: 1.0 = as fast as raw Jedis; dashed: targets 0.5, 0.9, 0.95)", data,
        PlotOrientation.HORIZONTAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    renderer.setSeriesPaint(0, new Color(0x4C72B0));
    renderer.setSeriesPaint(1, new Color(0xDD8452));
    for (double level : new double[] {0.5, 0.9, 0.95, 1.0}) {
      ValueMarker marker = new ValueMarker(level);
      marker.setPaint(level == 1.0 ? Color.BLACK : Color.GRAY);
      marker.setStroke(level == 1.0 ? new BasicStroke(1.5f)
          : new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
      plot.addRangeMarker(marker);
    }
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    plot.getRangeAxis().setLowerBound(0);
    double max = rows.stream().mapToDouble(Row::ratio).max().orElse(1.0);
    plot.getRangeAxis().setUpperBound(Math.max(1.2, Math.ceil(max * 10 + 1) / 10));
    int height = 140 + 34 * Math.max(1, categories.size());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, height);
  }

  /** A "name:value" line of Redis INFO. */
  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "unknown";
  }
}
