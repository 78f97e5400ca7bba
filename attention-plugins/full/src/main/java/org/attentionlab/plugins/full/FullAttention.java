package org.attentionlab.plugins.full;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/** Textbook softmax attention: one n x n score matrix per head. */
final class FullAttention implements Attention {

    private float[][] scores = new float[0][];

    @Override
    public void forward(AttentionInput in, float[][] out) {
        int n = in.n();
        int d = in.dHead();
        int heads = in.heads();
        if (scores.length < heads || scores[0].length < (long) n * n) {
            scores = new float[heads][n * n];
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forRange(heads, h -> {
            float[] q = in.q()[h];
            float[] k = in.k()[h];
            float[] v = in.v()[h];
            float[] s = scores[h];
            float[] o = out[h];
            for (int i = 0; i < n; i++) {
                int last = in.causal() ? i : n - 1;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= last; j++) {
                    if (!in.keyValid(j)) {
                        s[i * n + j] = Float.NEGATIVE_INFINITY;
                        continue;
                    }
                    float dot = 0f;
                    for (int c = 0; c < d; c++) {
                        dot += q[i * d + c] * k[j * d + c];
                    }
                    float score = dot * scale;
                    s[i * n + j] = score;
                    max = Math.max(max, score);
                }
                java.util.Arrays.fill(o, i * d, i * d + d, 0f);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue; // no visible key: the output row stays zero
                }
                float sum = 0f;
                for (int j = 0; j <= last; j++) {
                    float p = (float) Math.exp(s[i * n + j] - max);
                    s[i * n + j] = p;
                    sum += p;
                }
                float inv = 1f / sum;
                for (int j = 0; j <= last; j++) {
                    float p = s[i * n + j] * inv;
                    if (p == 0f) {
                        continue;
                    }
                    for (int c = 0; c < d; c++) {
                        o[i * d + c] += p * v[j * d + c];
                    }
                }
            }
        });
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long pairs = shape.causal() ? n * (n + 1) / 2 : n * n;
        // QK^T and PV: 2 flops per multiply-add each; softmax: max, exp, sum, scale ~ 4 per score.
        long flops = shape.heads() * (pairs * shape.dHead() * 4L + pairs * 4L);
        long scratch = shape.heads() * n * n * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }
}
