package org.attentionlab.runners.execute;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.runners.results.KeysPerQuery;

/**
 * Counts the keys each query attends to, from each attention's pattern at the cell's size: the
 * {@link KeysPerQuery} of a cell. One pass over the n x n pairs per distinct attention, once per cell, outside the
 * timed forwards.
 */
final class KeysCounter {

    private KeysCounter() {
    }

    /**
     * @param attentions one attention per layer (the same object for layers that share one)
     * @param n          tokens per sequence
     * @param causal     whether the input is causal (key j visible to query i only when j <= i)
     */
    static KeysPerQuery count(List<Attention> attentions, int n, boolean causal) {
        java.util.Map<Attention, double[]> seen = new java.util.IdentityHashMap<>();
        double meanSum = 0;
        int max = 0;
        for (Attention a : attentions) {
            double[] stats = seen.computeIfAbsent(a, x -> layer(x.pattern().orElse(null), n, causal));
            meanSum += stats[0];
            max = Math.max(max, (int) stats[1]);
        }
        return attentions.isEmpty() ? null : new KeysPerQuery(meanSum / attentions.size(), max);
    }

    /** {mean, max} keys per query of one pattern; every visible key without one. */
    private static double[] layer(AttentionPattern pattern, int n, boolean causal) {
        long total = 0;
        int max = 0;
        for (int i = 0; i < n; i++) {
            int keys = 0;
            int last = causal ? i : n - 1;
            if (pattern == null) {
                keys = last + 1;
            } else {
                for (int j = 0; j <= last; j++) {
                    if (pattern.covers(i, j, n, causal)) {
                        keys++;
                    }
                }
            }
            total += keys;
            max = Math.max(max, keys);
        }
        return new double[] {(double) total / n, max};
    }
}
