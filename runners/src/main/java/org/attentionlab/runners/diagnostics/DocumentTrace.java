package org.attentionlab.runners.diagnostics;

import java.util.Arrays;
import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.model.LayerObserver;

/**
 * One document's pass through the full-attention model, kept per layer: the per-head Q and K that layer's
 * attention saw (probabilities are recomputed from them when asked, so no n x n matrix is kept) and the
 * hidden state after the layer. Filled as a {@link LayerObserver}; the encoder's scratch arrays are copied.
 * The causal flag and key mask are the ones the model handed its attention, so a decoder's trace gives
 * causal maps with no change here.
 */
public final class DocumentTrace implements LayerObserver {

    private final int width;
    private final float[][][] q;
    private final float[][][] k;
    private final float[][] hidden;
    private int n;
    private int dHead;
    private boolean[] keyMask;
    private boolean causal;

    /** A trace for a model of {@code layers} layers whose hidden state is {@code width} wide. */
    public DocumentTrace(int layers, int width) {
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

    /**
     * {@code attention} as layer {@code layer} of a model that has no {@link LayerObserver} hook (the causal decoder):
     * each forward hands its input to this trace first, then runs unchanged.
     */
    public Attention observing(int layer, Attention attention) {
        return new Attention() {
            @Override
            public void forward(AttentionInput input, float[][] out) {
                attentionInput(layer, input);
                attention.forward(input, out);
            }

            @Override
            public AttentionCost cost(AttentionShape shape) {
                return attention.cost(shape);
            }

            @Override
            public Optional<AttentionPattern> pattern() {
                return attention.pattern();
            }
        };
    }

    private static float[][] copyHeads(float[][] heads, int length) {
        float[][] out = new float[heads.length][];
        for (int h = 0; h < heads.length; h++) {
            out[h] = Arrays.copyOf(heads[h], length);
        }
        return out;
    }

    public int layers() {
        return hidden.length;
    }

    public int heads() {
        return q[0].length;
    }

    public int n() {
        return n;
    }

    /** Width of one head. */
    public int dHead() {
        return dHead;
    }

    int width() {
        return width;
    }

    /** Whether the model's attention was causal (query i sees keys j <= i). */
    public boolean causal() {
        return causal;
    }

    /** True for real tokens; null when all are. */
    public boolean[] keyMask() {
        return keyMask;
    }

    /** Full attention's probabilities of one head of one layer, {@code n x n}. */
    public double[] probabilities(int layer, int head) {
        return AttentionMaps.probabilities(q[layer][head], k[layer][head], n, dHead, keyMask, causal);
    }

    /**
     * The attention input {@code layer} saw (its Q, K, key mask and causal flag) with other values {@code v}
     * ({@code heads x n x dHead}): what reads another attention's weights back on the same queries and keys.
     */
    public AttentionInput input(int layer, float[][] v) {
        return new AttentionInput(q[layer], k[layer], v, n, dHead, keyMask, causal);
    }

    /** The hidden state after {@code layer}, {@code n x width}. */
    float[] hidden(int layer) {
        return hidden[layer];
    }
}
