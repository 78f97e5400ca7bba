package org.attentionlab.runners.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.model.LayerObserver;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.runners.results.CellDiagnostics;

/**
 * The per-layer reference of one context size and the diagnostics of each variant against it. The reference is
 * the Java model with full attention in every layer, run once per size on the diagnostics documents: ONNX Runtime
 * exposes only the last hidden state, and the correctness gate holds this model to it. What it keeps per document
 * is a {@link DocumentTrace} (per-layer Q, K and hidden state: a few MB, not the layers' n x n matrices).
 */
public final class LayerDiagnostics {

    private final List<int[]> documents;
    private final int[] typeIds;
    private final List<DocumentTrace> traces;
    private final List<List<Double>> referenceEntropy;

    private LayerDiagnostics(List<int[]> documents, int[] typeIds, List<DocumentTrace> traces) {
        this.documents = documents;
        this.typeIds = typeIds;
        this.traces = traces;
        this.referenceEntropy = layerByHead(layer -> true, (p, trace, layer) -> AttentionMaps.entropy(p, trace.n(), trace.keyMask()));
    }

    /**
     * Runs {@code full} (full attention in every layer) on the documents, all of one length, and computes the
     * reference's entropies.
     *
     * @param typeIds the type ids every document runs with (null: all 0)
     */
    public static LayerDiagnostics record(BertEncoder full, List<int[]> documents, int[] typeIds) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("diagnostics need at least one document");
        }
        BertConfig c = full.config();
        List<DocumentTrace> traces = new ArrayList<>();
        for (int[] ids : documents) {
            DocumentTrace trace = new DocumentTrace(c.layers(), c.hidden());
            full.forward(ids, typeIds, null, trace);
            traces.add(trace);
        }
        return new LayerDiagnostics(List.copyOf(documents), typeIds, traces);
    }

    /** Layer x head: entropy (nats) of full attention's rows, mean over query rows and documents. */
    public List<List<Double>> referenceEntropy() {
        return referenceEntropy;
    }

    /**
     * Drift and coverage of a variant: {@code variant} is the encoder built with {@code attentions} (one per
     * layer). It runs once more per diagnostics document, untimed.
     */
    public CellDiagnostics measure(BertEncoder variant, List<Attention> attentions) {
        return new CellDiagnostics(layerDrift(variant), coverage(attentions), referenceEntropy);
    }

    /** Per layer: cosine between the variant's hidden state after the layer and the reference's, mean over tokens and documents. */
    List<Double> layerDrift(BertEncoder variant) {
        int layers = traces.get(0).layers();
        double[] sum = new double[layers];
        for (int d = 0; d < documents.size(); d++) {
            DocumentTrace reference = traces.get(d);
            variant.forward(documents.get(d), typeIds, null, new LayerObserver() {
                @Override
                public void layerOutput(int layer, float[] hidden, int n) {
                    sum[layer] += meanTokenCosine(hidden, reference.hidden(layer), n, reference.width(), reference.keyMask());
                }
            });
        }
        List<Double> drift = new ArrayList<>(layers);
        for (double s : sum) {
            drift.add(s / documents.size());
        }
        return drift;
    }

    /**
     * Layer x head: the share of full attention's mass inside the pattern of that layer's attention; a layer
     * without a pattern gets null; null altogether when no layer has one.
     */
    List<List<Double>> coverage(List<Attention> attentions) {
        DocumentTrace first = traces.get(0);
        boolean[][] masks = new boolean[attentions.size()][];
        boolean any = false;
        for (int layer = 0; layer < attentions.size(); layer++) {
            Optional<AttentionPattern> pattern = attentions.get(layer).pattern();
            if (pattern.isPresent()) {
                masks[layer] = AttentionMaps.patternMask(pattern.get(), first.n(), first.causal());
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        return layerByHead(layer -> masks[layer] != null,
                (p, trace, layer) -> AttentionMaps.coverage(p, trace.n(), trace.keyMask(), masks[layer]));
    }

    /** A number taken of one head's probabilities {@code p} in one layer of one document. */
    private interface HeadStatistic {
        double of(double[] p, DocumentTrace trace, int layer);
    }

    /**
     * Layer x head: {@code statistic} of every head's probabilities, mean over documents, heads in parallel;
     * null for a layer where it does not {@code apply}.
     */
    private List<List<Double>> layerByHead(IntPredicate applies, HeadStatistic statistic) {
        DocumentTrace first = traces.get(0);
        List<List<Double>> out = new ArrayList<>();
        for (int layer = 0; layer < first.layers(); layer++) {
            if (!applies.test(layer)) {
                out.add(null);
                continue;
            }
            int l = layer;
            double[] perHead = new double[first.heads()];
            Parallel.forRange(perHead.length, h -> {
                double s = 0;
                for (DocumentTrace t : traces) {
                    s += statistic.of(t.probabilities(l, h), t, l);
                }
                perHead[h] = s / traces.size();
            });
            out.add(Arrays.stream(perHead).boxed().toList());
        }
        return out;
    }

    /** Mean over real tokens of the cosine between two {@code n x width} hidden states. */
    static double meanTokenCosine(float[] a, float[] b, int n, int width, boolean[] keyMask) {
        double total = 0;
        int tokens = 0;
        for (int t = 0; t < n; t++) {
            if (keyMask != null && !keyMask[t]) {
                continue;
            }
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int c = t * width; c < (t + 1) * width; c++) {
                dot += (double) a[c] * b[c];
                na += (double) a[c] * a[c];
                nb += (double) b[c] * b[c];
            }
            total += na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
            tokens++;
        }
        return tokens == 0 ? 1 : total / tokens;
    }
}
