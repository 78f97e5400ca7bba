package org.attentionlab.runners.diagnostics;

import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.tensor.DoubleAttentionKernels;

/**
 * Full softmax attention written out as an n x n probability matrix, and the statistics diagnostics take of it.
 * Only diagnostics use this: it forms the dense matrix on purpose, in double, off the timed path, with the
 * shared double-precision kernels ({@link DoubleAttentionKernels}: the score dot product and the softmax).
 */
public final class AttentionMaps {

    private AttentionMaps() {
    }

    /**
     * One head's attention probabilities: row i is the softmax over the keys query i sees of
     * {@code q_i . k_j / sqrt(d)}; keys it does not see (padding, the future when causal) get 0.
     *
     * @param q       queries, {@code n x d} row-major (a longer buffer is allowed)
     * @param k       keys, same layout
     * @param keyMask true for a real token; null when all are real
     * @return {@code n x n} row-major; a row with no visible key is all zeros
     */
    public static double[] probabilities(float[] q, float[] k, int n, int d, boolean[] keyMask, boolean causal) {
        double[] p = new double[n * n];
        double scale = 1.0 / Math.sqrt(d);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                boolean visible = (keyMask == null || keyMask[j]) && (!causal || j <= i);
                p[row + j] = visible ? DoubleAttentionKernels.dot(q, i * d, k, j * d, d) * scale : Double.NEGATIVE_INFINITY;
            }
            DoubleAttentionKernels.softmax(p, row, n); // nothing visible: the row becomes zeros, as the contract says
        }
        return p;
    }

    /** Mean over real query rows of the row entropy {@code -sum_j p_ij ln p_ij}, in nats (0 log 0 = 0). */
    public static double entropy(double[] p, int n, boolean[] keyMask) {
        double total = 0;
        int rows = 0;
        for (int i = 0; i < n; i++) {
            if (keyMask != null && !keyMask[i]) {
                continue;
            }
            double h = 0;
            for (int j = 0; j < n; j++) {
                double v = p[i * n + j];
                if (v > 0) {
                    h -= v * Math.log(v);
                }
            }
            total += h;
            rows++;
        }
        return rows == 0 ? 0 : total / rows;
    }

    /** Mean over real query rows of the probability mass on the keys that {@code inPattern} marks ({@code n x n}). */
    public static double coverage(double[] p, int n, boolean[] keyMask, boolean[] inPattern) {
        double total = 0;
        int rows = 0;
        for (int i = 0; i < n; i++) {
            if (keyMask != null && !keyMask[i]) {
                continue;
            }
            double mass = 0;
            for (int j = 0; j < n; j++) {
                if (inPattern[i * n + j]) {
                    mass += p[i * n + j];
                }
            }
            total += mass;
            rows++;
        }
        return rows == 0 ? 0 : total / rows;
    }

    /** The pattern's (query, key) pairs for n tokens as an {@code n x n} row-major mask. */
    public static boolean[] patternMask(AttentionPattern pattern, int n, boolean causal) {
        boolean[] mask = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mask[i * n + j] = pattern.covers(i, j, n, causal);
            }
        }
        return mask;
    }
}
