package org.attentionlab.runners.diagnostics;

import java.util.Arrays;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.model.LayerObserver;

/**
 * One document's pass through the full-attention model, kept per layer: the per-head Q and K that layer's
 * attention saw (probabilities are recomputed from them when asked, so no n x n matrix is kept) and the
 * hidden state after the layer. Filled as a {@link LayerObserver}; the encoder's scratch arrays are copied.
 */
final class DocumentTrace implements LayerObserver {

    private final int width;
    private final float[][][] q;
    private final float[][][] k;
    private final float[][] hidden;
    private int n;
    private int dHead;
    private boolean[] keyMask;
    private boolean causal;

    /** A trace for a model of {@code layers} layers whose hidden state is {@code width} wide. */
    DocumentTrace(int layers, int width) {
        this.width = width;
        q = new float[layers][][];
        k = new float[layers][][];
        hidden = new float[layers][];
    }

    @Override
    public void attentionInput(int layer, AttentionInput input) {
        n = input.n();
        dHead = input.dHead();
        keyMask = input.keyMask() == null ? null : Arrays.copyOf(input.keyMask(), n);
        causal = input.causal();
        q[layer] = copyHeads(input.q(), n * dHead);
        k[layer] = copyHeads(input.k(), n * dHead);
    }

    @Override
    public void layerOutput(int layer, float[] state, int rows) {
        hidden[layer] = Arrays.copyOf(state, rows * width);
    }

    private static float[][] copyHeads(float[][] heads, int length) {
        float[][] out = new float[heads.length][];
        for (int h = 0; h < heads.length; h++) {
            out[h] = Arrays.copyOf(heads[h], length);
        }
        return out;
    }

    int layers() {
        return hidden.length;
    }

    int heads() {
        return q[0].length;
    }

    int n() {
        return n;
    }

    int width() {
        return width;
    }

    boolean causal() {
        return causal;
    }

    /** True for real tokens; null when all are. */
    boolean[] keyMask() {
        return keyMask;
    }

    /** Full attention's probabilities of one head of one layer, {@code n x n}. */
    double[] probabilities(int layer, int head) {
        return AttentionMaps.probabilities(q[layer][head], k[layer][head], n, dHead, keyMask, causal);
    }

    /** The hidden state after {@code layer}, {@code n x width}. */
    float[] hidden(int layer) {
        return hidden[layer];
    }
}
