package org.attentionlab.runners.explain;

import java.util.Arrays;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.runners.diagnostics.DocumentTrace;

/**
 * Reads the attention weights of any variant back from the plugin itself: every variant's output row is a
 * weighted mix of the value rows with weights that depend on Q and K only (softmax over a mask, top-k picks,
 * kernel feature maps, low-rank projections), so values that are one-hot columns give the weights, {@code dHead}
 * keys per call. No second softmax: the numbers are the plugin's own.
 */
final class EffectiveAttention {

    private EffectiveAttention() {
    }

    /**
     * Per head, the {@code n x n} weights {@code attention} gives on the queries and keys {@code layer} saw in
     * {@code trace} (row i: query i, column j: key j).
     */
    static float[][] weights(Attention attention, DocumentTrace trace, int layer) {
        int n = trace.n();
        int d = trace.dHead();
        int heads = trace.heads();
        float[][] weights = new float[heads][n * n];
        float[][] v = new float[heads][n * d];
        float[][] out = new float[heads][n * d];
        for (int base = 0; base < n; base += d) {
            int width = Math.min(d, n - base);
            for (int h = 0; h < heads; h++) {
                Arrays.fill(v[h], 0f);
                for (int c = 0; c < width; c++) {
                    v[h][(base + c) * d + c] = 1f; // value row of key base+c is the unit vector c
                }
            }
            attention.forward(trace.input(layer, v), out);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(out[h], i * d, weights[h], i * n + base, width);
                }
            }
        }
        return weights;
    }
}
