package org.attentionlab.plugins.full;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.AttentionKernels;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.ThreadScratch;

/**
 * Textbook softmax attention: per head the whole n x n score matrix S = Q K^T is formed, softmaxed row by
 * row into P, then P V. Its memory is quadratic in n on purpose: it is the reference cost the other
 * variants are compared with. Heads run in parallel; each kernel thread owns one score matrix, so the
 * peak is one n x n matrix per thread (12 heads at n = 16384 would otherwise need 12.9 GB).
 */
final class MaterializedFullAttention implements Attention {

    private final ThreadScratch scores = new ThreadScratch("materialized n x n score matrix (use algorithm: tiled)");
    private final ThreadScratch keysTransposed = new ThreadScratch("transposed keys");

    @Override
    public void forward(AttentionInput in, float[][] out) {
        long n = in.n();
        if (n * n > HeadScratch.MAX_LENGTH) {
            throw new IllegalArgumentException("the materialized n x n score matrix (use algorithm: tiled) needs "
                    + n * n + " floats, more than one Java array holds");
        }
        Parallel.forRange(in.heads(), h -> head(in, h, out[h]));
    }

    private void head(AttentionInput in, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        float[] q = in.q()[h];
        float[] v = in.v()[h];
        float[] s = scores.get((long) n * n);
        float[] kt = keysTransposed.get((long) n * d);
        AttentionKernels.transposeRows(in.k()[h], 0, n, d, kt, n);
        for (int i = 0; i < n; i++) {          // S = Q K^T (causal rows stop at the diagonal)
            int row = i * n;
            int cols = in.causal() ? i + 1 : n;
            AttentionKernels.rowTimesMatrix(q, i * d, d, kt, 0, n, cols, s, row, false);
            if (in.keyMask() != null) {
                for (int j = 0; j < cols; j++) {
                    if (!in.keyMask()[j]) {
                        s[row + j] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        float scale = (float) (1.0 / Math.sqrt(d));
        for (int i = 0; i < n; i++) {          // P = softmax(S / sqrt(d)); a row with no visible key becomes zeros
            AttentionKernels.softmax(s, i * n, in.causal() ? i + 1 : n, scale);
        }
        for (int i = 0; i < n; i++) {          // O = P V
            AttentionKernels.rowTimesMatrix(s, i * n, in.causal() ? i + 1 : n, v, 0, d, d, o, i * d, false);
        }
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long pairs = shape.causal() ? n * (n + 1) / 2 : n * n;
        // QK^T and PV: 2 flops per multiply-add each; softmax ~4 per score (max, subtract+exp, sum, normalise)
        long flops = shape.heads() * pairs * (4L * shape.dHead() + 4);
        // S and K^T per kernel thread: as many as run heads at once
        long workers = Math.min(shape.heads(), Parallel.threads());
        long scratch = workers * (n * n + n * shape.dHead()) * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }
}
