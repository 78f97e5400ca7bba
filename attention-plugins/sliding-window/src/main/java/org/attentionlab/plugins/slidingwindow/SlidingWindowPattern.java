package org.attentionlab.plugins.slidingwindow;

import org.attentionlab.core.attention.AttentionPattern;

/**
 * Which keys a query sees under sliding-window attention. One definition serves the forward pass (it
 * enumerates the keys of a row), the cost model (it counts them) and diagnostics ({@link #covers}).
 *
 * <p>Query i sees key j when causality allows it (causal: j <= i) and one of these holds:
 * <ul>
 *   <li>i is a global row: i &lt; globalTokens (Longformer: the first positions attend to every key);</li>
 *   <li>j is a global column or a sink: j &lt; max(globalTokens, sinks) (every query sees them);</li>
 *   <li>j is in i's band: bidirectional j = i + t*dilation with |t| &lt;= window/2 (integer division);
 *       causal j = i - t*dilation with 0 &lt;= t &lt; window.</li>
 * </ul>
 * Keys of a row are enumerated in ascending order and each key once, however the sets overlap.
 */
final class SlidingWindowPattern implements AttentionPattern {

    private final int window;
    private final int globalTokens;
    private final int sinks;
    private final int dilation;

    SlidingWindowPattern(int window, int globalTokens, int sinks, int dilation) {
        if (window < 1 || globalTokens < 0 || sinks < 0 || dilation < 1) {
            throw new IllegalArgumentException("bad pattern: window=" + window + " globalTokens=" + globalTokens
                    + " sinks=" + sinks + " dilation=" + dilation);
        }
        this.window = window;
        this.globalTokens = globalTokens;
        this.sinks = sinks;
        this.dilation = dilation;
    }

    /** Keys {@code j < prefix} are seen by every query (global columns and sinks): a prefix of the sequence. */
    private int prefix() {
        return Math.max(globalTokens, sinks);
    }

    private int half() {
        return window / 2;
    }

    /** True when query i attends to key j in a sequence of length n (padding aside). */
    @Override
    public boolean covers(int i, int j, int n, boolean causal) {
        if (i < 0 || j < 0 || i >= n || j >= n || (causal && j > i)) {
            return false;
        }
        if (i < globalTokens || j < prefix()) {
            return true;
        }
        int delta = causal ? i - j : Math.abs(i - j);
        if (delta % dilation != 0) {
            return false;
        }
        int steps = delta / dilation;
        return causal ? steps < window : steps <= half();
    }

    /**
     * Writes the keys query i sees, ascending, into {@code keys} and returns how many.
     * {@code keys} must hold at least {@link #rowCapacity} entries.
     */
    int keys(int i, int n, boolean causal, int[] keys) {
        int last = causal ? i : n - 1;
        int count = 0;
        if (i < globalTokens) {
            for (int j = 0; j <= last; j++) {
                keys[count++] = j;
            }
            return count;
        }
        int p = Math.min(prefix(), last + 1);
        for (int j = 0; j < p; j++) {
            keys[count++] = j;
        }
        long lo = bandLow(i, n, causal);
        long hi = bandHigh(i, n, causal);
        for (long t = lo; t <= hi; t++) {
            keys[count++] = (int) (causal ? i - (hi - (t - lo)) * dilation : i + t * dilation);
        }
        return count;
    }

    /** How many keys query i sees: what {@link #keys} returns, computed in O(1). */
    int rowCount(int i, int n, boolean causal) {
        int last = causal ? i : n - 1;
        if (i < globalTokens) {
            return last + 1;
        }
        long band = Math.max(0, bandHigh(i, n, causal) - bandLow(i, n, causal) + 1);
        return (int) (Math.min(prefix(), last + 1) + band);
    }

    /** The most keys any query sees for this n: the per-row scratch a forward needs. */
    int rowCapacity(int n, boolean causal) {
        if (globalTokens > 0) {
            return n;
        }
        long band = causal ? window : 2L * half() + 1;
        return (int) Math.min(n, prefix() + band);
    }

    /** Visible (query, key) pairs over the whole sequence: what the cost model charges for. */
    long pairs(int n, boolean causal) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += rowCount(i, n, causal);
        }
        return total;
    }

    /*
     * Band steps t (as in the class comment) whose key lies in [prefix, last]; keys below the prefix were
     * already listed. Causal keys are i - t*dilation, so the range is reversed when enumerating.
     */
    private long bandLow(int i, int n, boolean causal) {
        if (causal) {
            return 0;
        }
        long needed = prefix() - (long) i;               // j = i + t*d >= prefix  <=>  t >= ceil(needed / d)
        return Math.max(-half(), -Math.floorDiv(-needed, dilation));
    }

    private long bandHigh(int i, int n, boolean causal) {
        if (causal) {
            long room = (long) i - prefix();            // j = i - t*d >= prefix  <=>  t <= floor(room / d)
            return room < 0 ? -1 : Math.min(window - 1L, room / dilation);
        }
        return Math.min(half(), Math.floorDiv((long) n - 1 - i, dilation));
    }

    @Override
    public String toString() {
        return "window=" + window + " globalTokens=" + globalTokens + " sinks=" + sinks + " dilation=" + dilation;
    }
}
