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
        return costTable("Latency per forward (median; ratio to " + baselineName() + ")",
                c -> c.cost().latencyMsMedian(), Formats::ms);
    }

    public ReportTable scratch() {
        return costTable("Attention scratch memory per layer (analytic; ratio to " + baselineName() + ")",
                c -> c.cost().attentionScratchBytes() == null ? null : c.cost().attentionScratchBytes().doubleValue(), Formats::bytes);
    }

    /**
     * Achieved attention GFLOP/s per cell (analytic FLOPs over median latency), so a reader sees each variant's
     * kernel efficiency beside its cost: in a kernel run the latency is attention alone, in a model run the
     * whole forward (a lower bound).
     */
    public ReportTable gflops() {
        String over = results.config().kind() == ExperimentKind.KERNEL ? "median attention latency" : "median forward latency";
        return metricTable("Attention GFLOP/s achieved (analytic FLOPs / " + over + ")",
                c -> c.cost() == null ? null : c.cost().attentionGflopsPerSecond() != null ? c.cost().attentionGflopsPerSecond()
                        : org.attentionlab.runners.results.Cost.gflopsPerSecond(c.cost().attentionFlops(), c.cost().latencyMsMedian()));
    }

    public ReportTable referenceRatio() {
        return metricTable("Latency ratio to the reference (" + referenceName() + ", measured interleaved)",
                c -> c.cost() == null ? null : c.cost().latencyRatioToReference());
    }

    public ReportTable accuracy(String metric) {
        Function<Accuracy, Double> get = switch (metric) {
            case "embeddingCosine" -> Accuracy::embeddingCosine;
            case "tokenCosineMean" -> Accuracy::tokenCosineMean;
            case "tokenCosineMin" -> Accuracy::tokenCosineMin;
            case "retrievalAgreement" -> Accuracy::retrievalAgreement;
            case "relL2" -> Accuracy::relL2;
            case "maxAbsError" -> Accuracy::maxAbsError;
            default -> throw new IllegalArgumentException("unknown accuracy metric " + metric);
        };
        return metricTable(metric + " against the reference (mean over documents)",
                c -> c.accuracy() == null ? null : get.apply(c.accuracy()));
    }

    /** The headline accuracy metrics of this kind of run. */
    public List<String> headlineMetrics() {
        return results.config().kind() == ExperimentKind.KERNEL
                ? List.of("tokenCosineMean", "relL2")
                : List.of("embeddingCosine", "tokenCosineMean", "retrievalAgreement");
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

    private ReportTable costTable(String title, Function<Cell, Double> value, Function<Double, String> format) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Cell>> e : byLabel.entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (int n : sizes) {
                Cell c = e.getValue().get(n);
                Double v = c == null || !c.ok() || c.cost() == null ? null : value.apply(c);
                if (c != null && !c.ok()) {
                    row.add("failed");
                } else if (v == null) {
                    row.add("-");
                } else {
                    Double base = baseValue(n, value);
                    row.add(base == null || base == 0 ? format.apply(v) : format.apply(v) + " (" + Formats.ratio(v / base) + ")");
                }
            }
            rows.add(row);
        }
        return new ReportTable(title, header(), rows);
    }

    private Double baseValue(int n, Function<Cell, Double> value) {
        if (baseline == null) {
            return null;
        }
        Cell b = byLabel.getOrDefault(baseline, Map.of()).get(n);
        return b == null || !b.ok() || b.cost() == null ? null : value.apply(b);
    }

    private ReportTable metricTable(String title, Function<Cell, Double> value) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Cell>> e : byLabel.entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (int n : sizes) {
                Cell c = e.getValue().get(n);
                row.add(c == null ? "-" : !c.ok() ? "failed" : Formats.metric(value.apply(c)));
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
