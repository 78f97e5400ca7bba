package org.attentionlab.plugins.slidingwindow;

import java.util.Arrays;
import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/**
 * Softmax attention restricted to a {@link SlidingWindowPattern}. Each query row lists its visible keys,
 * scores only those, and mixes only their values: the work is O(visible pairs * dHead) and the scratch
 * one row of scores and key indices per head. No n x n matrix exists at any point.
 */
final class SlidingWindowAttention implements Attention {

    private final SlidingWindowPattern pattern;
    private float[][] scores = new float[0][];
    private int[][] keys = new int[0][];

    SlidingWindowAttention(SlidingWindowPattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public Optional<AttentionPattern> pattern() {
        return Optional.of(pattern);
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        int heads = in.heads();
        int capacity = pattern.rowCapacity(in.n(), in.causal());
        if (scores.length < heads || scores[0].length < capacity) {
            // grow only: a later, shorter forward reuses these rows
            int size = Math.max(capacity, scores.length == 0 ? 0 : scores[0].length);
            scores = new float[heads][size];
            keys = new int[heads][size];
        }
        Parallel.forRange(heads, h -> head(in, h, out[h], scores[h], keys[h]));
    }

    private void head(AttentionInput in, int h, float[] o, float[] s, int[] idx) {
        int n = in.n();
        int d = in.dHead();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        float scale = (float) (1.0 / Math.sqrt(d));
        for (int i = 0; i < n; i++) {
            int count = visibleRealKeys(in, i, idx);
            int oi = i * d;
            Arrays.fill(o, oi, oi + d, 0f);
            if (count == 0) {
                continue; // no visible key: the output row stays zero
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < count; t++) {
                int kj = idx[t] * d;
                float dot = 0f;
                for (int c = 0; c < d; c++) {
                    dot += q[oi + c] * k[kj + c];
                }
                s[t] = dot * scale;
                max = Math.max(max, s[t]);
            }
            float sum = 0f;
            for (int t = 0; t < count; t++) {
                s[t] = (float) Math.exp(s[t] - max);
                sum += s[t];
            }
            float inv = 1f / sum;
            for (int t = 0; t < count; t++) {
                float p = s[t] * inv;
                int vj = idx[t] * d;
                for (int c = 0; c < d; c++) {
                    o[oi + c] += p * v[vj + c];
                }
            }
        }
    }

    /** The pattern's keys for query i with padded keys removed, compacted at the front of {@code idx}. */
    private int visibleRealKeys(AttentionInput in, int i, int[] idx) {
        int count = pattern.keys(i, in.n(), in.causal(), idx);
        if (in.keyMask() == null) {
            return count;
        }
        int kept = 0;
        for (int t = 0; t < count; t++) {
            if (in.keyMask()[idx[t]]) {
                idx[kept++] = idx[t];
            }
        }
        return kept;
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long pairs = pattern.pairs(shape.n(), shape.causal());
        // Per visible pair: QK dot and PV axpy, 2 flops per multiply-add each; softmax ~4 (max, exp, sum, scale).
        long flops = shape.heads() * (pairs * shape.dHead() * 4L + pairs * 4L);
        long scratch = (long) shape.heads() * pattern.rowCapacity(shape.n(), shape.causal()) * (Float.BYTES + Integer.BYTES);
        return new AttentionCost(flops, scratch);
    }
}
