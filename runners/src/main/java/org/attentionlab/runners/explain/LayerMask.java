package org.attentionlab.runners.explain;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.core.attention.AttentionPattern;

/**
 * What a variant lets one layer attend to, as the page outlines it.
 *
 * @param kind {@link #PATTERN}: the plugin's fixed pattern (window, sinks, global tokens, blocks), the same for
 *             every head, in {@code runs}; {@link #PICKS}: the keys the variant chose per query and head
 *             (top-k: the non-zero weights of its map); {@link #FULL}: the layer keeps full attention (a hybrid's
 *             other layers); {@link #DENSE}: every key gets weight (linear, low-rank), nothing to outline
 * @param runs for a pattern, per query row the covered keys as {@code [start, end)} pairs, in order; else null
 */
public record LayerMask(String kind, List<int[]> runs) {

    public static final String PATTERN = "pattern";
    public static final String PICKS = "picks";
    public static final String FULL = "full";
    public static final String DENSE = "dense";

    /** The pattern's covered keys of each query row as runs: a window is one run per row, sinks add one. */
    static LayerMask of(AttentionPattern pattern, int n, boolean causal) {
        List<int[]> rows = new ArrayList<>(n);
        int[] buffer = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int size = 0;
            int j = 0;
            while (j < n) {
                if (!pattern.covers(i, j, n, causal)) {
                    j++;
                    continue;
                }
                int start = j;
                while (j < n && pattern.covers(i, j, n, causal)) {
                    j++;
                }
                buffer[size++] = start;
                buffer[size++] = j;
            }
            rows.add(java.util.Arrays.copyOf(buffer, size));
        }
        return new LayerMask(PATTERN, rows);
    }

    /** True when {@code (i, j)} is inside a pattern's runs. */
    boolean covers(int i, int j) {
        int[] row = runs.get(i);
        for (int r = 0; r < row.length; r += 2) {
            if (j >= row[r] && j < row[r + 1]) {
                return true;
            }
        }
        return false;
    }
}
