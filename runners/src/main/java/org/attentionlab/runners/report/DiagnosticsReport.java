package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.DiagnosticsSummary;
import org.attentionlab.runners.results.DiagnosticsSummary.SizeDiagnostics;
import org.attentionlab.runners.results.DiagnosticsSummary.VariantDiagnostics;
import org.attentionlab.runners.results.RunResults;
import org.knowm.xchart.XYChart;

/**
 * The "Diagnostics" section of the reports: per-layer drift, full attention's entropy and a sparse variant's
 * coverage, as tables, charts and layer x head maps, from the cells' {@link CellDiagnostics} as
 * {@link DiagnosticsSummary} gathers them by context size (the grouping diagnostics.json holds).
 */
public final class DiagnosticsReport {

    private final DiagnosticsSummary summary;
    /** Size, ascending -> label, in the config's order -> the variant's diagnostics. */
    private final TreeMap<Integer, Map<String, VariantDiagnostics>> bySize = new TreeMap<>();
    /** Size -> full attention's entropy, layer x head. */
    private final Map<Integer, List<List<Double>>> entropyBySize = new LinkedHashMap<>();

    public DiagnosticsReport(RunResults results) {
        this(DiagnosticsSummary.of(results));
    }

    /** @param summary the run's diagnostics by size, or null when it has none */
    public DiagnosticsReport(DiagnosticsSummary summary) {
        this.summary = summary;
        if (summary != null) {
            for (SizeDiagnostics size : summary.sizes()) {
                Map<String, VariantDiagnostics> variants = new LinkedHashMap<>();
                size.variants().forEach(v -> variants.put(v.label(), v));
                bySize.put(size.contextSize(), variants);
                entropyBySize.put(size.contextSize(), size.referenceEntropy());
            }
        }
    }

    /** True when some cell has diagnostics. */
    public boolean present() {
        return !bySize.isEmpty();
    }

    public String explanation() {
        int documents = summary == null ? 0 : summary.documents();
        return "Per layer and head, against the Java model with full attention in every layer (the correctness gate holds it to"
                + " the reference), on the first " + documents + " document(s) of each context size. Drift: cosine between the"
                + " variant's hidden state after a layer and full attention's, mean over tokens (1 = none): where the error enters"
                + " and how it grows with depth. Entropy: of full attention's rows, mean over query rows, in nats (ln n = uniform"
                + " attention). Coverage: the share of full attention's probability mass inside a sparse variant's pattern, mean"
                + " over query rows (1 = the pattern misses nothing). Also in diagnostics.json.";
    }

    private int largest() {
        return bySize.lastKey();
    }

    /** Per size, descending from the largest: rows variants, columns layers. */
    public List<ReportTable> driftTables() {
        List<ReportTable> tables = new ArrayList<>();
        for (int n : bySize.descendingKeySet()) {
            Map<String, VariantDiagnostics> cells = bySize.get(n);
            int layers = cells.values().iterator().next().layerDrift().size();
            List<String> header = new ArrayList<>();
            header.add("variant");
            for (int l = 0; l < layers; l++) {
                header.add("layer " + l);
            }
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, VariantDiagnostics> e : cells.entrySet()) {
                List<String> row = new ArrayList<>();
                row.add(e.getKey());
                e.getValue().layerDrift().forEach(v -> row.add(String.format(Locale.ROOT, "%.5f", v)));
                rows.add(row);
            }
            tables.add(new ReportTable("Diagnostics: drift per layer at n=" + n
                    + " (cosine of the hidden state after each layer with full attention's, mean over tokens)", header, rows));
        }
        return tables;
    }

    /** Rows layers, columns sizes: full attention's entropy, mean over heads, and its fraction of ln n. */
    public ReportTable entropyTable() {
        List<String> header = new ArrayList<>();
        header.add("layer");
        bySize.keySet().forEach(n -> header.add("n=" + n));
        List<List<String>> rows = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            List<String> row = new ArrayList<>();
            row.add("layer " + l);
            for (int n : bySize.keySet()) {
                double h = mean(entropy(n).get(l));
                row.add(String.format(Locale.ROOT, "%.3f (%.2f)", h, h / Math.log(n)));
            }
            rows.add(row);
        }
        return new ReportTable("Diagnostics: entropy of full attention per layer (nats, mean over heads; in brackets as a fraction of ln n)",
                header, rows);
    }

    /** Rows (variant, layer) for the variants with a pattern, columns sizes: coverage, mean over heads. */
    public ReportTable coverageTable() {
        List<String> header = new ArrayList<>();
        header.add("variant, layer");
        bySize.keySet().forEach(n -> header.add("n=" + n));
        List<List<String>> rows = new ArrayList<>();
        for (String label : patternedLabels()) {
            for (int l = 0; l < layers(); l++) {
                List<String> row = new ArrayList<>();
                row.add(label + ", layer " + l);
                boolean any = false;
                for (int n : bySize.keySet()) {
                    VariantDiagnostics d = bySize.get(n).get(label);
                    List<Double> heads = d == null || d.coverage() == null ? null : d.coverage().get(l);
                    row.add(heads == null ? "-" : String.format(Locale.ROOT, "%.4f", mean(heads)));
                    any |= heads != null;
                }
                if (any) {
                    rows.add(row);
                }
            }
        }
        return new ReportTable("Diagnostics: coverage per layer (share of full attention's mass inside the pattern, mean over heads)",
                header, rows);
    }

    /** At the largest size: each patterned variant's coverage per layer and head, and full attention's normalised entropy. */
    public List<Heatmap> heatmaps() {
        int n = largest();
        List<Heatmap> maps = new ArrayList<>();
        List<String> layerLabels = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            layerLabels.add("layer " + l);
        }
        List<List<Double>> entropy = entropy(n);
        List<String> headLabels = new ArrayList<>();
        for (int h = 0; h < entropy.get(0).size(); h++) {
            headLabels.add("h" + h);
        }
        for (String label : patternedLabels()) {
            VariantDiagnostics d = bySize.get(n).get(label);
            if (d != null && d.coverage() != null) {
                List<List<Double>> values = d.coverage().stream()
                        .map(heads -> heads == null ? headLabels.stream().map(x -> (Double) null).toList() : heads).toList();
                maps.add(new Heatmap("Diagnostics: coverage of " + label + " per layer and head at n=" + n, "layer",
                        layerLabels, headLabels, values, 0, 1));
            }
        }
        double uniform = Math.log(n);
        List<List<Double>> normalised = entropy.stream().map(heads -> heads.stream().map(v -> v / uniform).toList()).toList();
        maps.add(new Heatmap("Diagnostics: entropy of full attention per layer and head at n=" + n + ", as a fraction of ln n"
                + " (low: a few keys take the mass; 1: uniform)", "layer", layerLabels, headLabels, normalised, 0, 1));
        return maps;
    }

    /** Drift vs layer at the largest size; entropy vs layer per size; coverage vs size per patterned variant. */
    public List<XYChart> charts() {
        int n = largest();
        Map<String, List<double[]>> drift = new LinkedHashMap<>();
        bySize.get(n).forEach((label, d) -> {
            List<double[]> points = new ArrayList<>();
            for (int l = 0; l < d.layerDrift().size(); l++) {
                points.add(new double[] {l, d.layerDrift().get(l)});
            }
            drift.put(label, points);
        });
        Map<String, List<double[]>> entropy = new LinkedHashMap<>();
        for (int size : bySize.keySet()) {
            List<double[]> points = new ArrayList<>();
            List<List<Double>> e = entropy(size);
            for (int l = 0; l < e.size(); l++) {
                points.add(new double[] {l, mean(e.get(l))});
            }
            entropy.put("n=" + size, points);
        }
        Map<String, List<double[]>> coverage = new LinkedHashMap<>();
        for (String label : patternedLabels()) {
            List<double[]> points = new ArrayList<>();
            for (int size : bySize.keySet()) {
                VariantDiagnostics d = bySize.get(size).get(label);
                if (d != null && d.coverage() != null) {
                    points.add(new double[] {size, mean(d.coverage().stream().filter(Objects::nonNull).flatMap(List::stream).toList())});
                }
            }
            coverage.put(label, points);
        }
        List<XYChart> charts = new ArrayList<>();
        charts.add(Charts.xy("Diagnostics: drift per layer at n=" + n, "layer", "cosine with full attention's hidden state",
                drift, false, "0.#####"));
        charts.add(Charts.xy("Diagnostics: entropy of full attention per layer", "layer", "entropy (nats, mean over heads)",
                entropy, false, "0.##"));
        if (!coverage.isEmpty()) {
            charts.add(Charts.xy("Diagnostics: coverage vs context size", "context size n (tokens)",
                    "share of full attention's mass inside the pattern", coverage, false, "0.###"));
        }
        return charts;
    }

    /** Every table, for Markdown and the terminal (the maps as plain tables). */
    public List<ReportTable> tables() {
        List<ReportTable> tables = new ArrayList<>(driftTables());
        tables.add(entropyTable());
        if (!patternedLabels().isEmpty()) {
            tables.add(coverageTable());
        }
        return tables;
    }

    private List<String> patternedLabels() {
        List<String> labels = new ArrayList<>();
        for (Map<String, VariantDiagnostics> cells : bySize.values()) {
            cells.forEach((label, d) -> {
                if (d.coverage() != null && !labels.contains(label)) {
                    labels.add(label);
                }
            });
        }
        return labels;
    }

    private int layers() {
        return entropy(largest()).size();
    }

    /** Full attention's entropy at a size (the same in every cell of it). */
    private List<List<Double>> entropy(int n) {
        return entropyBySize.get(n);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
