package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.knowm.xchart.XYChart;

/**
 * {@code report.html}: the tables of the Markdown report and three charts (accuracy, latency on log-log,
 * scratch memory on log-log), embedded as data URIs so the file opens from disk with nothing beside it.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(RunResults results) {
        return render(results, false);
    }

    /** @param explorer whether the run folder holds {@value Reports#EXPLORER}, linked under the summary */
    public static String render(RunResults results, boolean explorer) {
        ReportTables tables = new ReportTables(results);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>attention-lab: ")
                .append(esc(results.config().name())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}\n")
                .append("td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}\n")
                .append(".warn{background:#fee;border:1px solid #c00;padding:0.5em 1em}\nimg{max-width:100%}\n</style></head><body>\n");
        h.append("<h1>attention-lab report: ").append(esc(results.config().name())).append("</h1>\n");
        h.append("<p>").append(esc(ReportText.summary(results))).append("</p>\n");
        if (!results.trustworthy()) {
            h.append("<p class=\"warn\"><b>UNTRUSTWORTHY RUN</b>: the correctness gate failed; no figure below should be used.</p>\n");
        }
        if (explorer) {
            h.append("<p><b>Attention explorer:</b> <a href=\"").append(Reports.EXPLORER)
                    .append("\">").append(Reports.EXPLORER).append("</a>: the reference's attention, layer by layer and head by head, beside each variant's, with its mask and the keys it dropped</p>\n");
        }
        h.append("<p><b>Correctness gate:</b> ").append(esc(results.gate() == null ? "not run" : results.gate().summary())).append("</p>\n");
        h.append("<h2>Charts</h2>\n");
        for (XYChart chart : charts(results, tables)) {
            image(h, chart);
        }
        table(h, tables.latency());
        table(h, tables.scratch());
        table(h, tables.gflops());
        table(h, tables.keysPerQuery());
        if (tables.hasAccuracy()) {
            for (String metric : tables.headlineMetrics()) {
                table(h, tables.accuracy(metric));
            }
        }
        table(h, tables.referenceRatio());
        if (tables.decoded()) {
            table(h, tables.prefill());
            table(h, tables.decodePerToken());
            table(h, tables.decodeReferenceRatio());
            table(h, tables.kvCache());
        }
        for (int n : tables.sizes()) {
            ReportTable loss = tables.lossTable(n);
            if (loss != null) {
                table(h, loss);
            }
        }
        table(h, tables.scaling());
        new TaskReport(results, tables).html(h);
        if (!tables.failures().rows().isEmpty()) {
            table(h, tables.failures());
        }
        if (!tables.timedOn().rows().isEmpty()) {
            table(h, tables.timedOn());
        }
        diagnostics(h, new DiagnosticsReport(results));
        h.append("<h2>Environment</h2>\n<ul>\n");
        for (String[] kv : ReportText.environmentRows(results.environment())) {
            h.append("<li>").append(esc(kv[0])).append(": ").append(esc(kv[1])).append("</li>\n");
        }
        h.append("</ul>\n</body></html>\n");
        return h.toString();
    }

    /**
     * Accuracy vs n, latency vs n (log-log, with the reference dashed), scratch memory vs n (log-log); for a causal
     * language model, perplexity, KL and top-1 vs n, decode ms per token vs n, and a "loss vs position" chart per
     * context size instead of the encoder's accuracy.
     */
    public static List<XYChart> charts(RunResults results, ReportTables tables) {
        if (results.causal()) {
            return decoderCharts(tables);
        }
        boolean kernel = results.config().kind() == ExperimentKind.KERNEL;
        String metric = kernel ? "tokenCosineMean" : "embeddingCosine";
        XYChart accuracy = Charts.lines("Accuracy: " + metric + " vs context size (bars: lowest-highest document)", metric, tables,
                c -> c.accuracy() == null ? null : kernel ? c.accuracy().tokenCosineMean() : c.accuracy().embeddingCosine(),
                c -> documentRange(c, metric), true, false, v -> Charts.twoDigits(v));
        XYChart latency = Charts.lines("Latency per forward vs context size (log-log; bars: p10-p90)", "median latency (ms)", tables,
                c -> c.cost() == null ? null : c.cost().latencyMsMedian(),
                c -> c.cost() == null || c.cost().latencyMsP10() == null || c.cost().latencyMsP90() == null ? null
                        : new double[] {c.cost().latencyMsP10(), c.cost().latencyMsP90()},
                true, true, v -> Charts.twoDigits(v));
        if (!kernel) {
            addReferenceLatency(latency, tables);
        }
        XYChart memory = Charts.lines("Attention scratch memory vs context size (log-log)", "peak scratch bytes per layer", tables,
                c -> c.cost() == null || c.cost().attentionScratchBytes() == null ? null : c.cost().attentionScratchBytes().doubleValue(),
                true, true, Formats::bytes);
        // an experiment that runs its tasks alone has no agreement metrics: its task charts are in the task sections
        return tables.hasAccuracy() ? List.of(accuracy, latency, memory) : List.of(latency, memory);
    }

    private static List<XYChart> decoderCharts(ReportTables tables) {
        List<XYChart> charts = new ArrayList<>();
        for (String metric : List.of("perplexity", "klMean", "top1Agreement")) {
            charts.add(Charts.lines(metric + " vs context size (bars: lowest-highest document)", metric, tables,
                    c -> c.accuracy() == null ? null : c.accuracy().value(metric), c -> documentRange(c, metric), true, false,
                    v -> Charts.twoDigits(v)));
        }
        XYChart latency = Charts.lines("Latency per forward vs context size (log-log; bars: p10-p90)", "median latency (ms)", tables,
                c -> c.cost() == null ? null : c.cost().latencyMsMedian(),
                c -> c.cost() == null || c.cost().latencyMsP10() == null || c.cost().latencyMsP90() == null ? null
                        : new double[] {c.cost().latencyMsP10(), c.cost().latencyMsP90()},
                true, true, v -> Charts.twoDigits(v));
        addReferenceLatency(latency, tables);
        charts.add(latency);
        if (tables.decoded()) {
            charts.add(Charts.lines("Decode per token vs context size (log-log)", "median ms per token", tables,
                    c -> c.cost() == null ? null : c.cost().decodeMsPerTokenMedian(), true, true, v -> Charts.twoDigits(v)));
        }
        for (int n : tables.sizes()) {
            Map<String, List<double[]>> curves = tables.lossByPosition(n);
            if (!curves.isEmpty()) {
                charts.add(Charts.xy("Loss vs position at n=" + n + " (mean next-token NLL by position bucket)",
                        "predicted position (middle of the bucket)", "mean NLL (nats)", curves, false, "0.###"));
            }
        }
        return charts;
    }

    /** The lowest and highest document's value of a metric, or null without per-document values. */
    private static double[] documentRange(Cell c, String metric) {
        List<Double> values = c.accuracy() == null ? null : c.accuracy().documentValues(metric);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return new double[] {values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()};
    }

    /** The reference's latency, the median over the cells of each size (it ran interleaved with each variant). */
    private static void addReferenceLatency(XYChart chart, ReportTables tables) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n : tables.sizes()) {
            List<Double> values = new ArrayList<>();
            for (Map<Integer, Cell> cells : tables.cellsByLabel().values()) {
                Cell c = cells.get(n);
                if (c != null && c.ok() && c.cost() != null && c.cost().referenceLatencyMsMedian() != null) {
                    values.add(c.cost().referenceLatencyMsMedian());
                }
            }
            if (!values.isEmpty()) {
                xs.add(Charts.log2(n));
                ys.add(Math.log10(org.attentionlab.runners.metrics.Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray())));
            }
        }
        Charts.addSeries(chart, "reference (ONNX Runtime)", xs, ys);
    }

    static void image(StringBuilder h, XYChart chart) {
        h.append("<p><img alt=\"").append(esc(chart.getTitle())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(Charts.png(chart))).append("\"></p>\n");
    }

    /** Drift, entropy and coverage: their charts, tables and layer x head maps (see {@link DiagnosticsReport}). */
    private static void diagnostics(StringBuilder h, DiagnosticsReport d) {
        if (!d.present()) {
            return;
        }
        h.append("<h2 id=\"diagnostics\">Diagnostics</h2>\n<p>").append(esc(d.explanation())).append("</p>\n");
        for (XYChart chart : d.charts()) {
            image(h, chart);
        }
        for (ReportTable t : d.tables()) {
            table(h, t);
        }
        for (Heatmap map : d.heatmaps()) {
            heatmap(h, map);
        }
    }

    /** A table whose cells are shaded from white (low) to blue (high). */
    static void heatmap(StringBuilder h, Heatmap map) {
        h.append("<h2>").append(esc(map.title())).append("</h2>\n<table class=\"heatmap\">\n<tr><th>").append(esc(map.corner())).append("</th>");
        for (String c : map.columnLabels()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (int r = 0; r < map.rowLabels().size(); r++) {
            h.append("<tr><td>").append(esc(map.rowLabels().get(r))).append("</td>");
            for (Double v : map.values().get(r)) {
                if (v == null || v.isNaN()) {
                    h.append("<td>-</td>");
                } else {
                    double s = map.shade(v);
                    h.append(String.format(java.util.Locale.ROOT, "<td style=\"background:hsl(215,70%%,%.0f%%)%s\">", 97 - 55 * s,
                            s > 0.6 ? ";color:#fff" : "")).append(Heatmap.format(v)).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static void table(StringBuilder h, ReportTable t) {
        h.append("<h2>").append(esc(t.title())).append("</h2>\n<table>\n<tr>");
        for (String c : t.header()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            for (String c : row) {
                h.append("<td>").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
