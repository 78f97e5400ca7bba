package org.attentionlab.runners.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code diagnostics.json}: the run's per-layer diagnostics gathered by context size, so that a reader finds
 * full attention's entropies once per size and each variant's drift and coverage beside them.
 *
 * @param reference what the variants are compared with, in words
 * @param documents the diagnostics documents per size
 * @param sizes     one entry per context size that has diagnostics, ascending
 */
public record DiagnosticsSummary(String reference, int documents, List<SizeDiagnostics> sizes) {

    public static final String REFERENCE = "the Java model with full attention in every layer (held to the ONNX reference by the correctness gate)";

    /**
     * @param contextSize      n
     * @param referenceEntropy layer x head, nats (see {@link CellDiagnostics#referenceEntropy})
     * @param variants         each variant with diagnostics at this size, in the config's order
     */
    public record SizeDiagnostics(int contextSize, List<List<Double>> referenceEntropy, List<VariantDiagnostics> variants) {
    }

    /** One variant at one size (see {@link CellDiagnostics}). */
    public record VariantDiagnostics(String label, List<Double> layerDrift, List<List<Double>> coverage) {
    }

    /**
     * The summary of a run's cells, or null when no cell has diagnostics: sizes ascending, and within a size
     * the variants in the config's order. The one place the diagnostics are grouped by size: diagnostics.json
     * is this record, and the reports' diagnostics section is drawn from it.
     */
    public static DiagnosticsSummary of(RunResults results) {
        Map<Integer, List<Cell>> bySize = new LinkedHashMap<>();
        results.config().contextSizes().stream().sorted()
                .forEach(n -> bySize.put(n, new ArrayList<>()));
        List<String> labels = results.config().variants().stream().map(v -> v.label()).toList();
        List<Cell> cells = new ArrayList<>(results.cells());
        cells.sort(Comparator.comparingInt(c -> labels.indexOf(c.label()))); // stable: results are already in this order
        for (Cell c : cells) {
            if (c.ok() && c.diagnostics() != null && bySize.containsKey(c.contextSize())) {
                bySize.get(c.contextSize()).add(c);
            }
        }
        List<SizeDiagnostics> sizes = new ArrayList<>();
        for (Map.Entry<Integer, List<Cell>> e : bySize.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<VariantDiagnostics> variants = e.getValue().stream()
                    .map(c -> new VariantDiagnostics(c.label(), c.diagnostics().layerDrift(), c.diagnostics().coverage())).toList();
            sizes.add(new SizeDiagnostics(e.getKey(), e.getValue().get(0).diagnostics().referenceEntropy(), variants));
        }
        if (sizes.isEmpty()) {
            return null;
        }
        int documents = results.config().diagnostics() == null ? 0 : results.config().diagnostics().documents();
        return new DiagnosticsSummary(REFERENCE, documents, sizes);
    }
}
