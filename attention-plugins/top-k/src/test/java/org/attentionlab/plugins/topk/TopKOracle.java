package org.attentionlab.plugins.topk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.attentionlab.core.testing.DenseSoftmaxOracle;

/** Dense attention the slow way: every score of a row, a full sort, a mask that keeps the k largest. */
final class TopKOracle {

    private TopKOracle() {
    }

    /**
     * Scores in float (the plugin sums them with the vector dot kernel, so a near-tie could rank differently; the random inputs have none),
     * then a full sort by score descending and key index ascending, keep the first k, softmax and PV in double.
     */
    static double[] topK(float[] q, float[] k, float[] v, int n, int d, boolean[] mask, boolean causal, int keep) {
        float scale = (float) (1.0 / Math.sqrt(d));
        return attend(n, d, mask, causal, keep, v, (i, j) -> {
            float dot = 0f;
            for (int c = 0; c < d; c++) {
                dot += q[i * d + c] * k[j * d + c];
            }
            return dot * scale; // the float product, widened exactly
        });
    }

    /**
     * Everything in double: the scores (so their ranking does not depend on a summation order), a full sort by
     * score descending and key index ascending, keep the first k, softmax and PV. Equal key rows give equal
     * scores here and in the plugin, so ties between them are real ties in both.
     */
    static double[] topKDouble(float[] q, float[] k, float[] v, int n, int d, boolean[] mask, boolean causal, int keep) {
        double scale = 1.0 / Math.sqrt(d);
        return attend(n, d, mask, causal, keep, v, (i, j) -> {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += (double) q[i * d + c] * k[j * d + c];
            }
            return dot * scale;
        });
    }

    /** The score of query i for key j. */
    private interface Score {
        double of(int i, int j);
    }

    /** Every query row: the scores of the keys it may see (real, and not later when causal), then {@link #attendTopK}. */
    private static double[] attend(int n, int d, boolean[] mask, boolean causal, int keep, float[] v, Score score) {
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] scores = new double[n];
            List<Integer> visible = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if ((mask != null && !mask[j]) || (causal && j > i)) {
                    continue;
                }
                scores[j] = score.of(i, j);
                visible.add(j);
            }
            attendTopK(scores, visible, keep, v, d, out, i);
        }
        return out;
    }

    /**
     * Row {@code i} of the output: a full sort of the visible keys by score descending and key index ascending, the
     * first {@code keep} kept, their softmax and weighted sum of V, all in double.
     */
    private static void attendTopK(double[] score, List<Integer> visible, int keep, float[] v, int d, double[] out, int i) {
        visible.sort(Comparator.<Integer>comparingDouble(j -> -score[j]).thenComparingInt(j -> j));
        List<Integer> kept = visible.subList(0, Math.min(keep, visible.size()));
        double max = Double.NEGATIVE_INFINITY;
        for (int j : kept) {
            max = Math.max(max, score[j]);
        }
        double sum = 0;
        for (int j : kept) {
            sum += Math.exp(score[j] - max);
        }
        for (int j : kept) {
            double p = Math.exp(score[j] - max) / sum;
            for (int c = 0; c < d; c++) {
                out[i * d + c] += p * v[j * d + c];
            }
        }
    }

    /** Exact softmax attention by a triple loop in double. */
    static double[] full(float[] q, float[] k, float[] v, int n, int d, boolean[] mask, boolean causal) {
        return DenseSoftmaxOracle.attention(new float[][] {q}, new float[][] {k}, new float[][] {v}, n, d, mask, causal)[0];
    }
}
