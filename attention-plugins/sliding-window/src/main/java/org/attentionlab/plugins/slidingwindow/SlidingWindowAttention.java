package org.attentionlab.plugins.slidingwindow;

import java.util.Arrays;
import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.AttentionKernels;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.core.tensor.Parallel;

/**
 * Softmax attention restricted to a {@link SlidingWindowPattern}. Each query row lists its visible keys,
 * scores only those, and mixes only their values: O(visible pairs * dHead) work, and no n x n matrix at
 * any point.
 *
 * <p>The banded kernel: queries go in blocks of {@value #QUERY_BLOCK}; with dilation 1 the bands of a
 * block's rows lie in one contiguous key range, whose tile of K is transposed once so that each row's band
 * scores are a vector-matrix product over contiguous columns. Global columns, sinks, global rows and
 * dilated bands are scored by dot products against the listed keys. Values are mixed by a gathered
 * weighted sum. Scratch per head: one row of scores and key indices, and the K tile.
 */
final class SlidingWindowAttention implements Attention {

    static final int QUERY_BLOCK = 64;

    private final SlidingWindowPattern pattern;
    private final HeadScratch scores = new HeadScratch("sliding-window score row");
    private final HeadScratch tiles = new HeadScratch("sliding-window key tile");
    private int[][] keyLists = new int[0][];

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
        scores.ensure(heads, capacity);
        tiles.ensure(heads, (long) in.dHead() * tileSpan(in.n(), in.causal()));
        if (keyLists.length < heads) {
            keyLists = Arrays.copyOf(keyLists, heads);
        }
        for (int h = 0; h < heads; h++) {
            if (keyLists[h] == null || keyLists[h].length < capacity) {
                keyLists[h] = new int[capacity];
            }
        }
        Parallel.forRange(heads, h -> head(in, h, out[h]));
    }

    /** Keys in the K tile of one query block: the block's rows plus one band, 0 when bands are dilated. */
    private int tileSpan(int n, boolean causal) {
        return pattern.dilation() == 1 ? (int) Math.min(n, pattern.bandLength(causal) + QUERY_BLOCK - 1) : 0;
    }

    private void head(AttentionInput in, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        boolean causal = in.causal();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        float[] s = scores.head(h);
        float[] tile = tiles.head(h);
        int[] keys = keyLists[h];
        float scale = (float) (1.0 / Math.sqrt(d));
        for (int i0 = 0; i0 < n; i0 += QUERY_BLOCK) {
            int i1 = Math.min(n, i0 + QUERY_BLOCK);
            int tileFirst = -1;
            int span = 0;
            if (pattern.dilation() == 1) {
                // band ends only move right as i grows, and empty bands only occur in the first rows
                int last = pattern.bandLast(i1 - 1, n, causal);
                for (int i = i0; i < i1 && tileFirst < 0 && last >= 0; i++) {
                    tileFirst = pattern.bandFirst(i, n, causal);
                }
                if (tileFirst >= 0) {
                    span = last - tileFirst + 1;
                    AttentionKernels.transposeRows(k, tileFirst, last + 1, d, tile, span);
                }
            }
            for (int i = i0; i < i1; i++) {
                int count = pattern.keys(i, n, causal, keys);
                int listed = pattern.prefixCount(i, n, causal);
                if (tileFirst >= 0 && count > listed) {
                    AttentionKernels.gatherDots(q, i * d, k, keys, 0, listed, d, s, 0);
                    AttentionKernels.rowTimesMatrix(q, i * d, d, tile, keys[listed] - tileFirst, span, count - listed, s, listed, false);
                } else {
                    AttentionKernels.gatherDots(q, i * d, k, keys, 0, count, d, s, 0);
                }
                if (in.keyMask() != null) {
                    for (int t = 0; t < count; t++) {
                        if (!in.keyMask()[keys[t]]) {
                            s[t] = Float.NEGATIVE_INFINITY;
                        }
                    }
                }
                // a row with no visible key softmaxes to zeros, so its output row is zero
                AttentionKernels.softmax(s, 0, count, scale);
                AttentionKernels.gatherWeightedSum(s, 0, keys, 0, count, v, d, o, i * d);
            }
        }
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long pairs = pattern.pairs(shape.n(), shape.causal());
        // Per visible pair: QK dot and PV axpy, 2 flops per multiply-add each; softmax ~4 (max, exp, sum, scale).
        long flops = shape.heads() * (pairs * shape.dHead() * 4L + pairs * 4L);
        long row = pattern.rowCapacity(shape.n(), shape.causal()) * (long) (Float.BYTES + Integer.BYTES);
        long tile = (long) shape.dHead() * tileSpan(shape.n(), shape.causal()) * Float.BYTES;
        return new AttentionCost(flops, shape.heads() * (row + tile));
    }
}
