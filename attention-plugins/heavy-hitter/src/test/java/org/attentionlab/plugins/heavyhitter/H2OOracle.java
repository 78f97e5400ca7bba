package org.attentionlab.plugins.heavyhitter;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * H2O from its definition, in double and with lists, written apart from the plugin: per group of query heads
 * sharing keys, token t's key joins (unless padded); when more than recent + heavy keys are held, the
 * oldest among those with the smallest accumulated attention, outside the last `recent` positions, leaves;
 * each query of the group attends over what is held; the weights add to the held keys' accumulated attention.
 */
final class H2OOracle {

    /** Attention outputs per head ({@code n x d}) and, per group, the positions held after each token. */
    record Result(double[][] out, List<List<TreeSet<Integer>>> held) {
    }

    private H2OOracle() {
    }

    static Result run(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] keyMask, int group, int recent, int heavy) {
        int heads = q.length;
        double[][] out = new double[heads][n * d];
        List<List<TreeSet<Integer>>> heldPerGroup = new ArrayList<>();
        for (int g = 0; g < heads / group; g++) {
            float[] keys = k[g * group];
            float[] values = v[g * group];
            TreeSet<Integer> held = new TreeSet<>();
            double[] accumulated = new double[n];
            List<TreeSet<Integer>> history = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                if (keyMask == null || keyMask[t]) {
                    held.add(t);
                    if (held.size() > recent + heavy) {
                        Integer victim = null;
                        for (int j : held) { // ascending: the first of equal scores is the oldest
                            if (j <= t - recent && (victim == null || accumulated[j] < accumulated[victim])) {
                                victim = j;
                            }
                        }
                        held.remove(victim);
                    }
                }
                for (int h = g * group; h < (g + 1) * group; h++) {
                    if (held.isEmpty()) {
                        continue;
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    double[] logit = new double[n];
                    for (int j : held) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot += (double) q[h][t * d + c] * keys[j * d + c];
                        }
                        logit[j] = dot / Math.sqrt(d);
                        max = Math.max(max, logit[j]);
                    }
                    double sum = 0;
                    for (int j : held) {
                        sum += Math.exp(logit[j] - max);
                    }
                    for (int j : held) {
                        double p = Math.exp(logit[j] - max) / sum;
                        accumulated[j] += p;
                        for (int c = 0; c < d; c++) {
                            out[h][t * d + c] += p * values[j * d + c];
                        }
                    }
                }
                history.add(new TreeSet<>(held));
            }
            heldPerGroup.add(history);
        }
        return new Result(out, heldPerGroup);
    }
}
