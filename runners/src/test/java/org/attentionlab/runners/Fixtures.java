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

    /**
     * A causal language model's cell of 4 documents: klMean {@code kl} on each, perplexity 20 (reference 19.5), top-1
     * 0.9, an NLL curve rising from 3.0 by 0.01 per bucket (the reference's from 2.9), and a decode of {@code decodeMs}
     * per token against ONNX Runtime's 1.0 ms, 9 repetitions each.
     */
    public static Cell decoderCell(String label, int n, double kl, double ratio, double decodeMs) {
        Cell base = cell(label, n, 1.0, ratio);
        Map<String, List<Double>> perDocument = new java.util.LinkedHashMap<>();
        perDocument.put("perplexity", List.of(20.0, 20.0, 20.0, 20.0));
        perDocument.put("referencePerplexity", List.of(19.5, 19.5, 19.5, 19.5));
        perDocument.put("klMean", List.of(kl, kl, kl, kl));
        perDocument.put("klP95", List.of(3 * kl, 3 * kl, 3 * kl, 3 * kl));
        perDocument.put("top1Agreement", List.of(0.9, 0.9, 0.9, 0.9));
        perDocument.put("maxAbsLogitError", List.of(0.5, 0.5, 0.5, 0.5));
        perDocument.put("decodeKlMean", List.of(kl, kl, kl, kl));
        perDocument.put("decodeTop1Agreement", List.of(0.9, 0.9, 0.9, 0.9));
        List<Double> curve = new java.util.ArrayList<>();
        List<Double> reference = new java.util.ArrayList<>();
        for (int b = 0; b < 16; b++) {
            curve.add(3.0 + 0.01 * b);
            reference.add(2.9 + 0.01 * b);
        }
        List<Double> decode = new java.util.ArrayList<>();
        List<Double> referenceDecode = new java.util.ArrayList<>();
        for (int r = 0; r < 9; r++) {
            decode.add(decodeMs * (1 + (r - 4) * 0.0025));
            referenceDecode.add(1.0);
        }
        Accuracy accuracy = Accuracy.ofDecoder(perDocument, 20.0, 19.5, kl, 3 * kl, 0.9, 0.5, curve, reference, kl, 0.9);
        Cost cost = base.cost().withDecode(new Cost.DecodeCost(2.0 * ratio, decodeMs, 1024L * n, 2.0, 1.0, decode, referenceDecode));
        return new Cell(base.variant(), label, Map.of(), null, n, 4, Cell.OK, null, accuracy, cost);
    }

    /** {@link #results} of a causal language model's run (GPT2, 2 layers, 4 heads, 2 kv heads, dModel 64, vocab 512). */
    public static RunResults decoderResults(List<Cell> cells) {
        RunResults r = results(cells);
        return new RunResults(r.schemaVersion(), r.config(), r.environment(), r.startedAt(), r.finishedAt(), r.gate(), r.trustworthy(),
                r.cells(), r.scaling(), null, null, null, null, List.of("the export has no past inputs"),
                new org.attentionlab.runners.results.ModelRecord("GPT2", 2, 4, 2, 64, 512));
    }

    /** The same cell with other parameters (as if the same label had named another configuration). */
    public static Cell withParams(Cell c, Map<String, Object> params) {
        return new Cell(c.variant(), c.label(), params, c.layers(), c.contextSize(), c.documents(), c.status(), c.error(),
                c.accuracy(), c.cost(), c.diagnostics(), c.timedOn());
    }

    /** The same cell with only its first {@code repetitions} timed samples (the medians kept as they were). */
    public static Cell withRepetitions(Cell c, int repetitions) {
        Cost k = c.cost();
        return new Cell(c.variant(), c.label(), c.params(), c.layers(), c.contextSize(), c.documents(), c.status(), c.error(),
                c.accuracy(), new Cost(k.latencyMsMedian(), k.latencyMsP10(), k.latencyMsP90(), k.tokensPerSecond(),
                k.referenceLatencyMsMedian(), k.latencyRatioToReference(), k.attentionFlops(), k.attentionScratchBytes(),
                k.allocatedBytesPerForward(), k.attentionGflopsPerSecond(), k.latencySamplesMs().subList(0, repetitions),
                k.referenceSamplesMs().subList(0, repetitions)), c.diagnostics(), c.timedOn());
    }

    public static RunResults results(List<Cell> cells) {
        List<String> labels = cells.stream().map(Cell::label).distinct().toList();
        List<Integer> sizes = cells.stream().map(Cell::contextSize).distinct().toList();
        // each label's plugin and parameters as its cells ran them
        List<VariantSpec> variants = labels.stream().map(l -> cells.stream().filter(c -> c.label().equals(l)).findFirst().orElseThrow())
                .map(c -> new VariantSpec(c.variant(), c.label(), c.params(), c.layers())).toList();
        ExperimentConfig config = new ExperimentConfig("fixture", ExperimentKind.MODEL, ReferenceSpec.defaults(), CorpusSpec.defaults(),
                sizes, variants, MeasureSpec.defaults(), "results/fixture", null);
        Environment env = new Environment("17", "vendor", "Linux", "cpu", 2, 1, "1.23.2", "256 bits", null);
        Gate gate = new Gate(true, Gate.MIN_TOKEN_COSINE, Gate.MAX_ABS_ERROR, List.of(new GateCheck(32, 0.999999, 1e-5, true)));
        return new RunResults(RunResults.SCHEMA_VERSION, config, env, "2026-11-28T00:00:00Z", "2026-11-28T00:01:00Z",
                gate, true, cells, List.of());
    }
}
