package org.attentionlab.runners;

import java.util.List;
import java.util.Map;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.MeasureSpec;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.GateCheck;
import org.attentionlab.runners.results.RunResults;

/** Hand-made results for tests of what reads them. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * A cell of 4 documents whose embeddingCosine is {@code embeddingCosine} on each, and 9 repetitions whose
     * variant / reference ratio is {@code ratio} with a +-1% spread (the same in every fixture).
     */
    public static Cell cell(String label, int n, double embeddingCosine, double ratio) {
        List<Double> reference = new java.util.ArrayList<>();
        List<Double> variant = new java.util.ArrayList<>();
        for (int r = 0; r < 9; r++) {
            reference.add(10.0);
            variant.add(10.0 * ratio * (1 + (r - 4) * 0.0025));
        }
        Map<String, List<Double>> perDocument = new java.util.LinkedHashMap<>();
        perDocument.put("tokenCosineMean", List.of(0.99, 0.99, 0.99, 0.99));
        perDocument.put("tokenCosineMin", List.of(0.95, 0.95, 0.95, 0.95));
        perDocument.put("relL2", List.of(0.01, 0.01, 0.01, 0.01));
        perDocument.put("maxAbsError", List.of(0.1, 0.1, 0.1, 0.1));
        perDocument.put("embeddingCosine", List.of(embeddingCosine, embeddingCosine, embeddingCosine, embeddingCosine));
        return new Cell(label.startsWith("full") ? "full" : "sliding-window", label, Map.of(), null, n, 4, Cell.OK, null,
                new Accuracy(0.99, 0.95, 0.01, 0.1, embeddingCosine, perDocument),
                new Cost(10.0 * ratio, 9.0 * ratio, 11.0 * ratio, n / (0.01 * ratio), 10.0, ratio, 1000L * n, 4L * n * n, 2048L,
                        Cost.gflopsPerSecond(1000L * n, 10.0 * ratio), variant, reference));
    }

    public static RunResults results(List<Cell> cells) {
        List<String> labels = cells.stream().map(Cell::label).distinct().toList();
        List<Integer> sizes = cells.stream().map(Cell::contextSize).distinct().toList();
        List<VariantSpec> variants = labels.stream()
                .map(l -> new VariantSpec(l.startsWith("full") ? "full" : "sliding-window", l, Map.of(), null)).toList();
        ExperimentConfig config = new ExperimentConfig("fixture", ExperimentKind.MODEL, ReferenceSpec.defaults(), CorpusSpec.defaults(),
                sizes, variants, MeasureSpec.defaults(), "results/fixture", null);
        Environment env = new Environment("17", "vendor", "Linux", "cpu", 2, 1, "1.23.2", "256 bits", null);
        Gate gate = new Gate(true, Gate.MIN_TOKEN_COSINE, Gate.MAX_ABS_ERROR, List.of(new GateCheck(32, 0.999999, 1e-5, true)));
        return new RunResults(RunResults.SCHEMA_VERSION, config, env, "2026-11-28T00:00:00Z", "2026-11-28T00:01:00Z",
                gate, true, cells, List.of());
    }
}
