package org.attentionlab.runners.explain;

import java.util.List;
import org.attentionlab.runners.results.GateCheck;

/**
 * Everything the explorer draws of one document at one size: the tokens, the reference's and each variant's
 * rows ({@link SparseRows}: map 0 is the reference, map 1 + v variant v), the variants' masks and dropped keys,
 * and the per-head figures. {@link ExplorerPage} and {@link AttentionJson} render the same object.
 */
public final class ExplorerData {

    final String experiment;
    final String model;
    final String corpus;
    final int document;
    final int n;
    final boolean causal;
    final int layers;
    final int heads;
    final List<String> tokens;
    final GateCheck gate;
    final List<List<Double>> referenceEntropy;
    final List<VariantView> variants;
    final SparseRows rows;

    ExplorerData(String experiment, String model, String corpus, int document, int n, boolean causal, int layers, int heads,
                 List<String> tokens, GateCheck gate, List<List<Double>> referenceEntropy, List<VariantView> variants, SparseRows rows) {
        this.experiment = experiment;
        this.model = model;
        this.corpus = corpus;
        this.document = document;
        this.n = n;
        this.causal = causal;
        this.layers = layers;
        this.heads = heads;
        this.tokens = List.copyOf(tokens);
        this.gate = gate;
        this.referenceEntropy = referenceEntropy;
        this.variants = List.copyOf(variants);
        this.rows = rows;
    }

    /** The context size shown. */
    public int n() {
        return n;
    }

    /** Weights kept per attention row. */
    public int slots() {
        return rows.slots();
    }

    /** The variants drawn beside the reference. */
    public List<VariantView> variants() {
        return variants;
    }

    /** Whether the model's attention is causal (the maps are lower triangles). */
    public boolean causal() {
        return causal;
    }

    /** The document's tokens, one per position. */
    public List<String> tokens() {
        return tokens;
    }

    /** Layer x head: the entropy of the reference's rows (nats), mean over queries. */
    public List<List<Double>> referenceEntropy() {
        return referenceEntropy;
    }

    /**
     * What the page reads back at one key: map 0 is the reference, 1 + v variant v; 0 for a key not kept (its
     * weight is in the row's rest). Exact (the float that attention.json holds), not the page's 8-bit value.
     */
    public double weight(int map, int layer, int head, int query, int key) {
        for (int s = 0; s < rows.count(layer, head, query); s++) {
            if (rows.key(layer, head, query, s) == key) {
                return rows.weight(map, layer, head, query, s);
            }
        }
        return 0;
    }
}
