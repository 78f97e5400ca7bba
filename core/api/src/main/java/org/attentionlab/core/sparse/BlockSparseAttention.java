package org.attentionlab.core.sparse;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.tensor.RowMatrixKernels;
import org.attentionlab.core.tensor.VectorKernels;
import org.attentionlab.core.tensor.OnlineSoftmax;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.ThreadScratch;

/**
 * Exact softmax attention over the pairs a {@link Mask} covers, in time proportional to the tiles it
 * touches. Per head, K is transposed once; then for each block of {@code block} query rows the non-empty
 * key tiles of its {@link BlockMap} row are taken in spans of up to {@link #SPAN} consecutive keys:
 * <ol>
 *   <li>scores of the span: {@code rows x d} queries times {@code d x cols} keys, with the register-tiled
 *       {@link RowMatrixKernels#rowsTimesMatrix} of materialized full attention;</li>
 *   <li>the score modifier, if any, on the logits; negative infinity where a partial tile's bits or padding
 *       hide a pair (full tiles never look at the mask);</li>
 *   <li>one {@link OnlineSoftmax#step} per row, then the span's weights times V added to the output rows;</li>
 * </ol>
 * and each output row is divided by its sum at the end. Empty tiles are never touched; a query that sees
 * no key outputs zeros. Scratch per kernel thread: K^T ({@code n x d}), one span of scores
 * ({@code block x SPAN}) and the running max and sum: O(block x n), never n x n.
 *
 * <p>An instance belongs to one layer (it is not shared between concurrent forwards); heads run in
 * parallel on {@link Parallel}'s threads.
 */
public final class BlockSparseAttention implements Attention {

    /** Most keys scored at once: a span of {@code block x SPAN} scores (64 KB at block 64) stays in L2. */
    public static final int SPAN = 256;

    private final Mask mask;
    private final ScoreModifier modifier;
    private final int block;
    private final int span;
    private final ThreadScratch keysTransposed = new ThreadScratch("transposed keys");
    private final ThreadScratch scores = new ThreadScratch("span scores");
    private final ThreadScratch rowState = new ThreadScratch("running softmax max and sum");
    private volatile BlockMap lastMap;

    /**
     * An engine for one mask and score modifier at one tile size; block maps are built on first use per length.
     *
     * @param mask     the pairs computed (intersected with {@code j <= i} for a causal input)
     * @param modifier applied to the logits before the softmax; null for none
     * @param block    tile side in tokens (1 to 4096)
     */
    public BlockSparseAttention(Mask mask, ScoreModifier modifier, int block) {
        if (block < 1 || block > 4096) {
            throw new IllegalArgumentException("block must be in [1, 4096], got " + block);
        }
        this.mask = mask;
        this.modifier = modifier;
        this.block = block;
        this.span = Math.max(block, SPAN / block * block);
    }

    /** The mask this engine computes. */
    public Mask mask() {
        return mask;
    }

    /** Tile side in tokens. */
    public int block() {
        return block;
    }

    @Override
    public Optional<AttentionPattern> pattern() {
        return mask == Masks.all() ? Optional.empty() : Optional.of(mask);
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        BlockMap map = BlockMaps.get(mask, in.n(), in.causal(), block);
        lastMap = map;
        int heads = in.heads();
        AtomicInteger next = new AtomicInteger();
        // heads from a shared counter: a thread slowed by another process does not hold the other back
        Parallel.forRange(Math.min(heads, Parallel.threads()), part -> {
            for (int h = next.getAndIncrement(); h < heads; h = next.getAndIncrement()) {
                head(in, map, h, out[h]);
            }
        });
    }

    private void head(AttentionInput in, BlockMap map, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        float[] q = in.q()[h];
        float[] v = in.v()[h];
        boolean[] keyMask = in.keyMask();
        float[] kt = keysTransposed.get((long) n * d);
        float[] s = scores.get((long) block * span);
        float[] state = rowState.get(2L * block);   // [0, block): running max; [block, 2 block): running sum
        RowMatrixKernels.transposeRows(in.k()[h], 0, n, d, kt, n);
        float scale = (float) (1.0 / Math.sqrt(d));
        float expScale = modifier == null ? scale : 1f; // with a modifier the scores become logits first
        long[] bits = map.bits();
        int words = map.words();
        for (int qb = 0; qb < map.blocks(); qb++) {
            int i0 = qb * block;
            int rows = Math.min(block, n - i0);
            Arrays.fill(state, 0, rows, Float.NEGATIVE_INFINITY);
            Arrays.fill(state, block, block + rows, 0f);
            Arrays.fill(o, i0 * d, (i0 + rows) * d, 0f);
            int end = map.rowEnd(qb);
            for (int first = map.rowStart(qb); first < end; ) {
                // a span: consecutive key blocks, at most `span` keys
                int last = first;
                while (last + 1 < end && map.keyBlock(last + 1) == map.keyBlock(last) + 1
                        && (last + 2 - first) * block <= span) {
                    last++;
                }
                int j0 = map.keyBlock(first) * block;
                int j1 = Math.min(n, (map.keyBlock(last) + 1) * block);
                int cols = j1 - j0;
                RowMatrixKernels.rowsTimesMatrix(q, i0 * d, d, rows, d, kt, j0, n, cols, s, 0, cols, false);
                if (modifier != null) {
                    VectorKernels.scale(s, 0, rows * cols, scale);
                    modifier.applyTile(s, 0, cols, rows, cols, i0, j0, h, in.heads());
                }
                for (int e = first; e <= last; e++) {
                    int at = map.bitsAt(e);
                    if (at != BlockMap.FULL) {
                        int c0 = map.keyBlock(e) * block - j0;
                        TileMasking.applyBits(s, c0, cols, rows, Math.min(block, cols - c0), bits, at, words);
                    }
                }
                if (keyMask != null && TileMasking.anyPadded(keyMask, j0, j1)) {
                    TileMasking.applyPadding(s, 0, cols, rows, cols, keyMask, j0);
                }
                for (int r = 0; r < rows; r++) {
                    OnlineSoftmax.step(s, r * cols, cols, state, r, block + r, expScale, o, (i0 + r) * d, d);
                }
                RowMatrixKernels.rowsTimesMatrix(s, 0, cols, rows, cols, v, j0 * d, d, d, o, i0 * d, d, true);
                first = last + 1;
            }
            for (int r = 0; r < rows; r++) {
                float sum = state[block + r];
                if (sum > 0f) {
                    VectorKernels.scale(o, (i0 + r) * d, d, 1f / sum);
                } // else no visible key: every weight was 0 and the row stayed zero
            }
        }
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        BlockMap map = BlockMaps.get(mask, shape.n(), shape.causal(), block);
        long n = shape.n();
        long d = shape.dHead();
        // QK^T and PV over every computed pair (2 flops per multiply-add each), ~4 per score for the
        // softmax, and one rescale of d per (query, span)
        long spans = (long) map.tiles() * block;
        long flops = shape.heads() * (map.computedPairs() * (4 * d + 4) + spans * (d + 4) + n * d);
        long workers = Math.min(shape.heads(), Parallel.threads());
        long scratch = workers * (n * d + (long) block * span + 2L * block) * Float.BYTES + map.bytes();
        return new AttentionCost(flops, scratch);
    }

    /** K^T, span scores and row state of every kernel thread, plus the block map of the last length used. */
    @Override
    public OptionalLong heldScratchBytes() {
        BlockMap map = lastMap;
        return OptionalLong.of(keysTransposed.heldBytes() + scores.heldBytes() + rowState.heldBytes()
                + (map == null ? 0 : map.bytes()));
    }

    @Override
    public String toString() {
        return "block-sparse engine: mask " + mask + (modifier == null ? "" : ", score " + modifier) + ", block " + block;
    }
}
