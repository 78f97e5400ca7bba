package org.attentionlab.core.testing;

/**
 * The reference every attention test compares with: softmax attention over all n x n pairs, in double,
 * from the definition. A pattern says which (query, key) pairs are visible; padded keys never are; a
 * query that sees no key outputs zeros. Slow and simple on purpose.
 */
public final class DenseSoftmaxOracle {

    /** Query i may see key j (padding aside). */
    @FunctionalInterface
    public interface Visible {
        boolean test(int i, int j);
    }

    private DenseSoftmaxOracle() {
    }

    /** Exact attention: every real key, or every real key j <= i when causal. */
    public static double[][] attention(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] padding, boolean causal) {
        return attention(q, k, v, n, d, padding, (i, j) -> !causal || j <= i);
    }

    /**
     * @param padding {@code padding[j]} false for a padded key; null when every key is real
     */
    public static double[][] attention(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] padding, Visible visible) {
        double[][] out = new double[q.length][n * d];
        for (int h = 0; h < q.length; h++) {
            for (int i = 0; i < n; i++) {
                double[] score = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    score[j] = Double.NEGATIVE_INFINITY;
                    if ((padding == null || padding[j]) && visible.test(i, j)) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot += (double) q[h][i * d + c] * k[h][j * d + c];
                        }
                        score[j] = dot / Math.sqrt(d);
                        max = Math.max(max, score[j]);
                    }
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(score[j] - max);
                }
                for (int j = 0; j < n; j++) {
                    double p = Math.exp(score[j] - max) / sum;
                    for (int c = 0; c < d; c++) {
                        out[h][i * d + c] += p * v[h][j * d + c];
                    }
                }
            }
        }
        return out;
    }
}
