package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.Scaling;

/**
 * The tables of a run in the Long Range Arena style: one row per variant, one column per context size,
 * costs with their ratio to full attention at the same size in brackets.
 */
public final class ReportTables {

    private final RunResults results;
    private final Map<String, Map<Integer, Cell>> byLabel = new LinkedHashMap<>();
    private final List<Integer> sizes;
    private final String baseline;

    public ReportTables(RunResults results) {
        this.results = results;
        for (Cell c : results.cells()) {
            byLabel.computeIfAbsent(c.label(), k -> new LinkedHashMap<>()).put(c.contextSize(), c);
        }
        this.sizes = new ArrayList<>(new TreeSet<>(results.config().contextSizes()));
        this.baseline = RunPlan.baselineLabel(results.config());
    }

    public String baseline() {
        return baseline;
    }

    public List<Integer> sizes() {
        return sizes;
    }

    public Map<String, Map<Integer, Cell>> cellsByLabel() {
        return byLabel;
    }

    public ReportTable latency() {
        return costTable("Latency per forward (median; ratio to " + baselineName() + "; p10-p90 of the repetitions)",
                c -> c.cost().latencyMsMedian(), Formats::ms, ReportTables::latencySpread);
    }

    public ReportTable scratch() {
        return costTable("Attention scratch memory per layer (analytic; ratio to " + baselineName() + ")",
                c -> c.cost().attentionScratchBytes() == null ? null : c.cost().attentionScratchBytes().doubleValue(), Formats::bytes,
                c -> null);
    }

    /**
     * Achieved attention GFLOP/s per cell (analytic FLOPs over median latency), so a reader sees each variant's
     * kernel efficiency beside its cost: in a kernel run the latency is attention alone, in a model run the time of
     * the attention stages inside the timed forwards.
     */
    public ReportTable gflops() {
        String over = results.config().kind() == ExperimentKind.KERNEL ? "median attention latency" : "median attention time inside the forward";
        return metricTable("Attention GFLOP/s achieved (analytic FLOPs / " + over + ")",
                c -> c.cost() == null ? null : c.cost().attentionGflopsPerSecond() != null ? c.cost().attentionGflopsPerSecond()
                        // a kernel run from before the field: its latency is attention alone; a model run's is not
                        : results.config().kind() == ExperimentKind.KERNEL
                        ? org.attentionlab.runners.results.Cost.gflopsPerSecond(c.cost().attentionFlops(), c.cost().latencyMsMedian()) : null,
                c -> null);
    }

    /** Prefill of the KV cache (decoders with {@code decode}): median ms, ratio to the baseline. */
    public ReportTable prefill() {
        return costTable("Prefill of the KV cache (median; ratio to " + baselineName() + ")", c -> c.cost().prefillMsMedian(), Formats::ms,
                c -> null);
    }

    /** Decode cost per token (decoders with {@code decode}): median ms, ratio to the baseline. */
    public ReportTable decodePerToken() {
        return costTable("Decode per token, teacher-forced with a KV cache (median ms; ratio to " + baselineName() + ")",
                c -> c.cost().decodeMsPerTokenMedian(), Formats::ms, c -> null);
    }

    /** The KV cache held after the last decode step, all layers. */
    public ReportTable kvCache() {
        return costTable("KV cache after the last decode step, all layers (ratio to " + baselineName() + ")",
                c -> c.cost().kvCacheBytes() == null ? null : c.cost().kvCacheBytes().doubleValue(), Formats::bytes, c -> null);
    }

    /** Decode ms per token over ONNX Runtime with past, timed interleaved; "-" where the export has no past inputs. */
    public ReportTable decodeReferenceRatio() {
        return metricTable("Decode per token, ratio to ONNX Runtime with past (measured interleaved)",
                c -> c.cost() == null ? null : c.cost().decodeRatioToReference(), c -> null);
    }

    /** True when some cell decoded ({@code decode: { tokens: T }}). */
    public boolean decoded() {
        return results.cells().stream().anyMatch(c -> c.ok() && c.cost() != null && c.cost().decodeMsPerTokenMedian() != null);
    }

    /**
     * The keys each query attends to, mean and max, counted from each variant's pattern (see {@code KeysPerQuery}):
     * what a window's width, a mask or a sparsity setting amounts to, in one unit across all of them.
     */
    public ReportTable keysPerQuery() {
        return textTable("Keys per query (mean over queries; max)", c -> {
            var keys = c.cost() == null ? null : c.cost().keysPerQuery();
            return keys == null ? "-" : Formats.keys(keys.mean()) + " (max " + keys.max() + ")";
        });
    }

    public ReportTable referenceRatio() {
        return metricTable("Latency ratio to the reference (" + referenceName() + ", measured interleaved)",
                c -> c.cost() == null ? null : c.cost().latencyRatioToReference(), c -> null);
    }

    public ReportTable accuracy(String metric) {
        if (!Accuracy.METRICS.contains(metric)) {
            throw new IllegalArgumentException("unknown accuracy metric " + metric);
        }
        String title = metric + " against the reference (mean over documents; lowest-highest document)";
        if (Accuracy.DECODER_METRICS.contains(metric)) {
            title = decoderTitle(metric);
        }
        if (metric.startsWith("retrieval")) {
            String note = retrievalNote();
            Integer k = results.cells().stream().filter(c -> c.ok() && c.accuracy() != null && c.accuracy().retrievalK() != null)
                    .map(c -> c.accuracy().retrievalK()).findFirst().orElse(null);
            title = note != null ? metric + ": absent: " + note
                    : metric + (k == null ? "" : " (k = " + k + ")") + " against the reference (mean over queries; lowest-highest query)";
        }
        return metricTable(title, c -> c.accuracy() == null ? null : c.accuracy().value(metric), c -> documentSpread(c, metric));
    }

    /** False when no cell has agreement metrics (an experiment that runs its tasks alone). */
    public boolean hasAccuracy() {
        return results.cells().stream().noneMatch(Cell::ok) || results.cells().stream().anyMatch(c -> c.ok() && c.accuracy() != null);
    }

    /** The headline accuracy metrics of this kind of run. */
    public List<String> headlineMetrics() {
        if (results.causal()) {
            List<String> metrics = new ArrayList<>(List.of("perplexity", "referencePerplexity", "klMean", "klP95", "top1Agreement",
                    "maxAbsLogitError"));
            if (results.cells().stream().anyMatch(c -> c.ok() && c.accuracy() != null && c.accuracy().decodeKlMean() != null)) {
                metrics.addAll(List.of("decodeKlMean", "decodeTop1Agreement"));
            }
            return metrics;
        }
        return results.config().kind() == ExperimentKind.KERNEL
                ? List.of("tokenCosineMean", "relL2")
                : List.of("embeddingCosine", "tokenCosineMean", "retrievalRecallAtK", "retrievalTop1");
    }

    /** What each next-token metric is, for its table's title. */
    private static String decoderTitle(String metric) {
        String pooled = " (all documents' predicted positions pooled; lowest-highest document)";
        return switch (metric) {
            case "perplexity" -> "perplexity: exp of the mean next-token NLL under the variant" + pooled;
            case "referencePerplexity" -> "referencePerplexity: the same under ONNX Runtime's logits" + pooled;
            case "klMean" -> "klMean: mean KL(p_reference || p_variant) in nats" + pooled;
            case "klP95" -> "klP95: 95th percentile of KL(p_reference || p_variant) over the positions (lowest-highest document's own)";
            case "top1Agreement" -> "top1Agreement: share of positions whose argmax is the reference's" + pooled;
            case "maxAbsLogitError" -> "maxAbsLogitError: largest absolute logit difference (mean over documents; lowest-highest document)";
            case "decodeKlMean" -> "decodeKlMean: mean KL over the decoded positions against ONNX Runtime's full-cache decode"
                    + " (mean over documents; lowest-highest document)";
            case "decodeTop1Agreement" -> "decodeTop1Agreement: share of decoded positions whose argmax is the reference's"
                    + " (mean over documents; lowest-highest document)";
            default -> metric;
        };
    }

    /**
     * The "loss vs position" curves at size n: per variant (and the reference), the mean NLL in each of the 16
     * position buckets, as (middle position of the bucket, NLL) points; a bucket without positions is left out.
     */
    public Map<String, List<double[]>> lossByPosition(int n) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        List<Double> reference = null;
        for (Map.Entry<String, Map<Integer, Cell>> e : byLabel.entrySet()) {
            Cell c = e.getValue().get(n);
            if (c == null || !c.ok() || c.accuracy() == null || c.accuracy().nllByPosition() == null) {
                continue;
            }
            series.put(e.getKey(), points(c.accuracy().nllByPosition(), n));
            if (reference == null) {
                reference = c.accuracy().referenceNllByPosition();
            }
        }
        if (reference != null) {
            series.put(REFERENCE_SERIES, points(reference, n));
        }
        return series;
    }

    /**
     * {@link #lossByPosition} as a table: one row per variant and the reference, one column per bucket, named by the
     * positions it covers; null when no cell of size n has the curve.
     */
    public ReportTable lossTable(int n) {
        Map<String, List<Double>> rowsByName = new LinkedHashMap<>();
        List<Double> reference = null;
        for (Map.Entry<String, Map<Integer, Cell>> e : byLabel.entrySet()) {
            Cell c = e.getValue().get(n);
            if (c != null && c.ok() && c.accuracy() != null && c.accuracy().nllByPosition() != null) {
                rowsByName.put(e.getKey(), c.accuracy().nllByPosition());
                reference = reference == null ? c.accuracy().referenceNllByPosition() : reference;
            }
        }
        if (rowsByName.isEmpty()) {
            return null;
        }
        rowsByName.put(REFERENCE_SERIES, reference);
        int buckets = rowsByName.values().iterator().next().size();
        int positions = n - 1;
        List<String> header = new ArrayList<>();
        header.add("variant");
        for (int b = 0; b < buckets; b++) {
            long from = -Math.floorDiv(-(long) b * positions, buckets); // the first i with floor(16 i / positions) = b
            long to = -Math.floorDiv(-(long) (b + 1) * positions, buckets) - 1;
            header.add(from > to ? "-" : from == to ? Long.toString(from) : from + "-" + to);
        }
        List<List<String>> rows = new ArrayList<>();
        rowsByName.forEach((name, values) -> {
            List<String> row = new ArrayList<>();
            row.add(name);
            values.forEach(v -> row.add(v == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", v)));
            rows.add(row);
        });
        return new ReportTable("Loss vs position at n=" + n + ": mean next-token NLL (nats) by predicted position", header, rows);
    }

    /** The name of the reference's curve in {@link #lossByPosition}. */
    public static final String REFERENCE_SERIES = "reference (ONNX Runtime)";

    private static List<double[]> points(List<Double> buckets, int n) {
        List<double[]> points = new ArrayList<>();
        int positions = n - 1;
        for (int b = 0; b < buckets.size(); b++) {
            if (buckets.get(b) != null) {
                // bucket b holds the positions i with floor(16 i / positions) = b: its middle is about (b + 0.5) positions / 16
                points.add(new double[] {(b + 0.5) * positions / buckets.size(), buckets.get(b)});
            }
        }
        return points;
    }

    /** Why the run has no retrieval figures, when it has none. */
    public String retrievalNote() {
        return results.cells().stream().filter(c -> c.ok() && c.accuracy() != null && c.accuracy().retrievalNote() != null)
                .map(c -> c.accuracy().retrievalNote()).findFirst().orElse(null);
    }

    public ReportTable scaling() {
        List<List<String>> rows = new ArrayList<>();
        for (Scaling s : results.scaling()) {
            rows.add(List.of(s.label(), Formats.exponent(s.exponent()), s.crossover()));
        }
        Integer fitFrom = results.config().measure().fitFrom();
        return new ReportTable("Scaling: latency ~ n^k (least squares on log-log" + (fitFrom == null ? "" : " over n >= " + fitFrom)
                + ") and crossover against " + baselineName(),
                List.of("variant", "k", "crossover"), rows);
    }

    public ReportTable failures() {
        List<List<String>> rows = new ArrayList<>();
        for (Cell c : results.cells()) {
            if (!c.ok()) {
                rows.add(List.of(c.label(), Integer.toString(c.contextSize()), c.error() == null ? "" : c.error()));
            }
        }
        return new ReportTable("Failed cells", List.of("variant", "n", "error"), rows);
    }

    /**
     * Which executor host timed which cells, when the run's cells were timed on executors (the Spark engine);
     * no rows on the local engine. Latencies are comparable within a host, and across hosts only when their
     * CPUs (the column) match.
     */
    public ReportTable timedOn() {
        java.util.Map<String, List<String>> cellsByHost = new java.util.TreeMap<>();
        java.util.Map<String, String> cpuByHost = new java.util.HashMap<>();
        for (Cell c : results.cells()) {
            if (c.timedOn() != null) {
                cellsByHost.computeIfAbsent(c.timedOn().host(), h -> new ArrayList<>()).add(c.label() + " @ " + c.contextSize());
                cpuByHost.put(c.timedOn().host(), c.timedOn().environment() == null ? "" : c.timedOn().environment().cpuModel()
                        + " (" + c.timedOn().environment().cores() + " cores)");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        cellsByHost.forEach((host, cells) -> rows.add(List.of(host, cpuByHost.get(host), String.join(", ", cells))));
        return new ReportTable("Timed on", List.of("executor host", "CPU", "cells"), rows);
    }

    private String baselineName() {
        return baseline == null ? "full attention (not in this sweep)" : baseline;
    }

    private String referenceName() {
        return results.config().kind() == ExperimentKind.KERNEL ? "full attention" : "ONNX Runtime";
    }

    /** "p10-p90 4.50-5.50", or null when the cell has no percentiles. */
    private static String latencySpread(Cell c) {
        Double p10 = c.cost().latencyMsP10();
        Double p90 = c.cost().latencyMsP90();
        return p10 == null || p90 == null ? null : "p10-p90 " + Formats.ms(p10).replace(" ms", "") + "-" + Formats.ms(p90);
    }

    /** "docs 0.9012-0.9500": the lowest and highest document, or null with fewer than two documents. */
    static String documentSpread(Cell c, String metric) {
        List<Double> values = c.accuracy() == null ? null : c.accuracy().documentValues(metric);
        if (values == null || values.size() < 2) {
            return null;
        }
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String what = metric.startsWith("retrieval") ? "queries " : "docs ";
        return what + Formats.metric(lo) + "-" + Formats.metric(hi);
    }

    private ReportTable costTable(String title, Function<Cell, Double> value, Function<Double, String> format,
                                  Function<Cell, String> spread) {
        return textTable(title, c -> {
            Double v = c.cost() == null ? null : value.apply(c);
            if (v == null) {
                return "-";
            }
            Double base = baseValue(c.contextSize(), value);
            String s = spread.apply(c);
            String inBrackets = (base == null || base == 0 ? "" : Formats.ratio(v / base))
                    + (s == null ? "" : (base == null || base == 0 ? "" : "; ") + s);
            return format.apply(v) + (inBrackets.isEmpty() ? "" : " (" + inBrackets + ")");
        });
    }

    private Double baseValue(int n, Function<Cell, Double> value) {
        if (baseline == null) {
            return null;
        }
        Cell b = byLabel.getOrDefault(baseline, Map.of()).get(n);
        return b == null || !b.ok() || b.cost() == null ? null : value.apply(b);
    }

    private ReportTable metricTable(String title, Function<Cell, Double> value, Function<Cell, String> spread) {
        return textTable(title, c -> {
            String s = value.apply(c) == null ? null : spread.apply(c);
            return Formats.metric(value.apply(c)) + (s == null ? "" : " (" + s + ")");
        });
    }

    /** One row per variant, one column per size: {@code text} of each ok cell, "failed" or "-" for the others. */
    private ReportTable textTable(String title, Function<Cell, String> text) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Cell>> e : byLabel.entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (int n : sizes) {
                Cell c = e.getValue().get(n);
                row.add(c == null ? "-" : !c.ok() ? "failed" : text.apply(c));
            }
            rows.add(row);
        }
        return new ReportTable(title, header(), rows);
    }

    private List<String> header() {
        List<String> h = new ArrayList<>();
        h.add("variant");
        for (int n : sizes) {
            h.add("n=" + n);
        }
        return h;
    }
}
