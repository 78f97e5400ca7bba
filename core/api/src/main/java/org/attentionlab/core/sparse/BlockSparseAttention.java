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
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.decode.MaskedDecodeState;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.tensor.AttentionGemm;
import org.attentionlab.core.tensor.FusedAttentionKernel;
import org.attentionlab.core.tensor.VectorKernels;
import org.attentionlab.core.tensor.OnlineSoftmax;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.ThreadScratch;

/**
 * Exact softmax attention over the pairs a {@link Mask} covers, in time proportional to the tiles it
 * touches. Per head, K and V are packed once into {@link AttentionGemm}'s panels; then for each block of
 * {@code block} query rows the non-empty key tiles of its {@link BlockMap} row are taken in spans of up to
 * {@link #SPAN} consecutive keys:
 * <ol>
 *   <li>scores of the span: {@code rows x d} queries times {@code d x cols} keys, on the GEMM micro-kernels
 *       that materialized full attention uses ({@link AttentionGemm#scores});</li>
 *   <li>the score modifier, if any, on the logits; negative infinity where a partial tile's bits or padding
 *       hide a pair (full tiles never look at the mask);</li>
 *   <li>one {@link OnlineSoftmax#step} per row, then the span's weights times V
 *       ({@link AttentionGemm#weightedSum}) added to the output rows;</li>
 * </ol>
 * and each output row is divided by its sum at the end. Empty tiles are never touched; a query that sees
 * no key outputs zeros. The three steps run per strip of {@link #STRIP} query rows of the tile (fused: the
 * strip's scores, 13.5 KB, stay in L1 from QK^T to PV). Scratch per kernel thread: packed K and V
 * ({@code n x d} each, rounded up to whole panels), one strip's span of scores ({@code strip x SPAN}, rows
 * padded to whole panels), the strip's outputs ({@code strip x d}) and the running max and sum:
 * O(n x d + strip x SPAN), never n x n.
 *
 * <p>An instance belongs to one layer (it is not shared between concurrent forwards); heads run in
 * parallel on {@link Parallel}'s threads.
 */
public final class BlockSparseAttention implements Attention {

    /** Most keys scored at once: a span of {@code block x SPAN} scores (64 KB at block 64) stays in L2. */
    public static final int SPAN = 256;
    /**
     * Query rows per fused strip by default: two of the GEMM's 6-row register tiles, so a strip's scores
     * ({@code 12 x SPAN} floats, 13.5 KB) stay in L1 between QK^T, the softmax and PV.
     */
    public static final int STRIP = 12;

    private final Mask mask;
    private final ScoreModifier modifier;
    private final int block;
    private final int span;
    /** Query rows taken through scores, softmax and PV together; {@code block} when unfused. */
    private final int strip;
    /** The register-fused kernel's tile shape; null for the strip schedule. */
    private final FusedAttentionKernel kernel;
    private final ThreadScratch queryPanel = new ThreadScratch("query panel");
    private final ThreadScratch outputPanel = new ThreadScratch("output panel");
    private final ThreadScratch panelBias = new ThreadScratch("panel bias");
    private final ThreadScratch packedKeys = new ThreadScratch("packed keys");
    private final ThreadScratch packedValues = new ThreadScratch("packed values");
    private final ThreadScratch scores = new ThreadScratch("span scores");
    private final ThreadScratch spanOutputs = new ThreadScratch("span outputs");
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
        this(mask, modifier, block, STRIP,
                modifier == null ? FusedAttentionKernel.forThisMachine().orElse(null) : null);
    }

    /**
     * An engine on the register-fused kernel with the given tile shape (a test runs both shapes whatever the
     * machine): per panel of queries and tile of keys, scores, exponentials and PV in registers.
     *
     * @param mask   the pairs computed (intersected with {@code j <= i} for a causal input)
     * @param block  tile side in tokens (1 to 4096)
     * @param kernel the tile shape, {@link FusedAttentionKernel#wide()} or {@link FusedAttentionKernel#narrow()}
     */
    public BlockSparseAttention(Mask mask, int block, FusedAttentionKernel kernel) {
        this(mask, null, block, STRIP, java.util.Objects.requireNonNull(kernel, "kernel"));
    }

    /**
     * An engine that takes each query tile's rows in strips of {@code strip}: per strip and key span, QK^T
     * into a {@code strip x span} score tile, the online softmax update and the PV accumulation, one after
     * the other while the tile is still in L1. A strip of {@code block} or more is the unfused schedule (the
     * whole tile's scores, 64 KB at block 64, out to L2 and back for the softmax and again for PV), kept to
     * measure the two side by side.
     *
     * @param mask     the pairs computed (intersected with {@code j <= i} for a causal input)
     * @param modifier applied to the logits before the softmax; null for none
     * @param block    tile side in tokens (1 to 4096)
     * @param strip    query rows per fused strip (at least 1; values above {@code block} mean {@code block})
     */
    public BlockSparseAttention(Mask mask, ScoreModifier modifier, int block, int strip) {
        this(mask, modifier, block, strip, null);
    }

    private BlockSparseAttention(Mask mask, ScoreModifier modifier, int block, int strip, FusedAttentionKernel kernel) {
        if (block < 1 || block > 4096) {
            throw new IllegalArgumentException("block must be in [1, 4096], got " + block);
        }
        if (strip < 1) {
            throw new IllegalArgumentException("strip must be at least 1, got " + strip);
        }
        this.mask = mask;
        this.modifier = modifier;
        this.block = block;
        this.span = Math.max(block, SPAN / block * block);
        this.strip = Math.min(strip, block);
        this.kernel = kernel;
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
                if (kernel != null) {
                    fusedHead(in, map, h, out[h]);
                } else {
                    head(in, map, h, out[h]);
                }
            }
        });
    }

    /**
     * One head on the register-fused kernel: per query block, per panel of the kernel's query rows, the
     * block's entries in order: runs of full, unpadded tiles go through whole key tiles with no bias (the
     * ends of a run that are not whole kernel tiles, and padded or partial tiles, with a bias tile from the
     * block map's bits and the key mask); a boxed tile only over its box's columns and only for the panels
     * that meet its rows.
     */
    private void fusedHead(AttentionInput in, BlockMap map, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        FusedAttentionKernel kr = kernel;
        int panel = kr.panelRows();
        int keys = kr.tileKeys();
        float[] kt = packedKeys.get(kr.packedLength(n, d));
        float[] vt = packedValues.get(kr.packedLength(n, d));
        kr.pack(in.k()[h], n, d, kt);
        kr.pack(in.v()[h], n, d, vt);
        Panel w = new Panel(kr, d, kt, vt, in.keyMask(), map);
        float[] q = in.q()[h];
        for (int qb = 0; qb < map.blocks(); qb++) {
            int i0 = qb * block;
            int rows = Math.min(block, n - i0);
            int end = map.rowEnd(qb);
            for (int p0 = 0; p0 < rows; p0 += panel) {
                int count = Math.min(panel, rows - p0);
                kr.packQueries(q, i0 + p0, count, d, w.qt);
                kr.begin(w.state, w.ot, d);
                for (int r = 0; r < count; r++) {
                    int j = w.firstVisibleKey(qb, p0 + r);
                    if (j >= 0) {
                        kr.seed(w.state, r, q, i0 + p0 + r, in.k()[h], j, d);
                    }
                }
                for (int e = map.rowStart(qb); e < end; ) {
                    int j0 = map.keyBlock(e) * block;
                    int j1 = Math.min(n, j0 + block);
                    int at = map.bitsAt(e);
                    if (at == BlockMap.FULL && !w.padded(j0, j1)) {
                        // a run of full, unpadded tiles: whole kernel tiles with no bias, the ends with one
                        int last = e;
                        while (last + 1 < end && map.bitsAt(last + 1) == BlockMap.FULL
                                && map.keyBlock(last + 1) == map.keyBlock(last) + 1
                                && !w.padded(j1, Math.min(n, j1 + block))) {
                            last++;
                            j1 = Math.min(n, j1 + block);
                        }
                        int tA = (j0 + keys - 1) / keys;
                        int tB = j1 / keys;
                        if (tA < tB) {
                            if (j0 < tA * keys) {
                                w.biased(j0, tA * keys, 0, count, null, 0, 0, 0);
                            }
                            kr.run(w.qt, kt, vt, d, tA, tB, null, w.state, w.ot);
                            if (tB * keys < j1) {
                                w.biased(tB * keys, j1, 0, count, null, 0, 0, 0);
                            }
                        } else {
                            w.biased(j0, j1, 0, count, null, 0, 0, 0);
                        }
                        e = last + 1;
                        continue;
                    }
                    int rowFrom = 0;
                    int rowTo = count;
                    int from = j0;
                    int to = j1;
                    if (at != BlockMap.FULL && map.boxed(e)) {
                        rowFrom = Math.max(0, map.boxRowFrom(e) - p0);
                        rowTo = Math.min(count, map.boxRowTo(e) - p0);
                        from = j0 + map.boxColFrom(e);
                        to = j0 + map.boxColTo(e);
                    }
                    if (rowFrom < rowTo && at != BlockMap.FULL) {
                        // only the columns this panel's rows see: half of a window's edge triangle per panel
                        long seen = w.columnsSeen(at, p0 + rowFrom, p0 + rowTo);
                        if (seen == 0) {
                            rowTo = rowFrom;
                        } else if (seen > 0) {
                            from = Math.max(from, j0 + (int) (seen >>> 32));
                            to = Math.min(to, j0 + (int) seen);
                        }
                    }
                    if (rowFrom < rowTo) {
                        w.biased(from, to, rowFrom, rowTo, at == BlockMap.FULL ? null : map.columnBits(), at, p0, j0);
                    }
                    e++;
                }
                kr.finish(w.state, w.ot, count, d, o, (i0 + p0) * d);
            }
        }
    }

    /** One head's packed keys and values and this thread's panel scratch, for {@link #fusedHead}. */
    private final class Panel {
        final FusedAttentionKernel kr;
        final int d;
        final float[] kt;
        final float[] vt;
        final boolean[] keyMask;
        final BlockMap map;
        final float[] qt;
        final float[] ot;
        final float[] state;
        final float[] bias;

        Panel(FusedAttentionKernel kr, int d, float[] kt, float[] vt, boolean[] keyMask, BlockMap map) {
            this.kr = kr;
            this.d = d;
            this.kt = kt;
            this.vt = vt;
            this.keyMask = keyMask;
            this.map = map;
            this.qt = queryPanel.get((long) kr.panelRows() * d);
            this.ot = outputPanel.get((long) kr.panelRows() * d);
            this.state = rowState.get(kr.stateLength());
            this.bias = panelBias.get(biasLength(kr));
        }

        /** The first key that row {@code row} of query block {@code qb} sees (mask, causality, key mask), or -1. */
        int firstVisibleKey(int qb, int row) {
            int n = map.n();
            int words = map.words();
            long[] bits = map.bits();
            for (int e = map.rowStart(qb), end = map.rowEnd(qb); e < end; e++) {
                int j0 = map.keyBlock(e) * block;
                int at = map.bitsAt(e);
                if (at == BlockMap.FULL) {
                    for (int j = j0, j1 = Math.min(n, j0 + block); j < j1; j++) {
                        if (keyMask == null || keyMask[j]) {
                            return j;
                        }
                    }
                    continue;
                }
                for (int wd = 0; wd < words; wd++) {
                    for (long word = bits[at + row * words + wd]; word != 0; word &= word - 1) {
                        int j = j0 + wd * 64 + Long.numberOfTrailingZeros(word);
                        if (keyMask == null || keyMask[j]) {
                            return j;
                        }
                    }
                }
            }
            return -1;
        }

        /**
         * The tile-local columns that rows {@code [rowFrom, rowTo)} of the partial tile whose bits start at
         * {@code at} see, as {@code first << 32 | end}; 0 when they see none.
         */
        long columnsSeen(int at, int rowFrom, int rowTo) {
            int words = map.words();
            long[] bits = map.bits();
            int first = -1;
            int end = 0;
            for (int wd = 0; wd < words; wd++) {
                long any = 0;
                for (int r = rowFrom; r < rowTo; r++) {
                    any |= bits[at + r * words + wd];
                }
                if (any != 0) {
                    if (first < 0) {
                        first = wd * 64 + Long.numberOfTrailingZeros(any);
                    }
                    end = wd * 64 + 64 - Long.numberOfLeadingZeros(any);
                }
            }
            return first < 0 ? 0 : (long) first << 32 | end;
        }

        boolean padded(int j0, int j1) {
            return keyMask != null && TileMasking.anyPadded(keyMask, j0, j1);
        }

        /**
         * Keys {@code [from, to)} for panel rows {@code [rowFrom, rowTo)} through the kernel tiles that cover them,
         * with a bias tile: the tile's column bits from {@code at} (rows from {@code tileRow0}, columns from key
         * {@code bitKey}; all pairs when null), the key mask, and nothing outside the range.
         */
        void biased(int from, int to, int rowFrom, int rowTo, long[] bits, int at, int tileRow0, int bitKey) {
            int keys = kr.tileKeys();
            int tA = from / keys;
            int tB = (to + keys - 1) / keys;
            TileMasking.panelBias(bias, kr.panelRows(), tA * keys, tB * keys, from, to, rowFrom, rowTo, bits, at,
                    map.words(), tileRow0, bitKey, keyMask);
            kr.run(qt, kt, vt, d, tA, tB, bias, state, ot);
        }
    }

    /** Floats of one panel's bias tile: a partial tile's columns can spread over one more kernel tile at each end. */
    private long biasLength(FusedAttentionKernel kr) {
        return (long) (block + 2 * kr.tileKeys()) * kr.panelRows();
    }

    private void head(AttentionInput in, BlockMap map, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        HeadWork w = new HeadWork(in, map, h, o);
        AttentionGemm.packKeys(in.k()[h], n, d, w.kp);
        AttentionGemm.packValues(in.v()[h], n, d, w.vp);
        for (int qb = 0; qb < map.blocks(); qb++) {
            int i0 = qb * block;
            int rows = Math.min(block, n - i0);
            Arrays.fill(w.state, 0, rows, Float.NEGATIVE_INFINITY);
            Arrays.fill(w.state, block, block + rows, 0f);
            Arrays.fill(o, i0 * d, (i0 + rows) * d, 0f);
            int end = map.rowEnd(qb);
            for (int first = map.rowStart(qb); first < end; ) {
                if (map.boxed(first)) {
                    // a global token's row or a few sinks' columns: only the box of visible pairs
                    int j0 = map.keyBlock(first) * block;
                    int c0 = map.boxColFrom(first);
                    for (int r0 = map.boxRowFrom(first), to = map.boxRowTo(first); r0 < to; r0 += strip) {
                        span(w, i0, r0, Math.min(strip, to - r0), j0 + c0, j0 + map.boxColTo(first), first, first, c0);
                    }
                    first++;
                    continue;
                }
                // a span: consecutive key blocks that are not boxed, at most `span` keys
                int last = first;
                while (last + 1 < end && map.keyBlock(last + 1) == map.keyBlock(last) + 1 && !map.boxed(last + 1)
                        && (last + 2 - first) * block <= span) {
                    last++;
                }
                int j0 = map.keyBlock(first) * block;
                int j1 = Math.min(n, (map.keyBlock(last) + 1) * block);
                for (int r0 = 0; r0 < rows; r0 += strip) {
                    span(w, i0, r0, Math.min(strip, rows - r0), j0, j1, first, last, 0);
                }
                first = last + 1;
            }
            for (int r = 0; r < rows; r++) {
                float sum = w.state[block + r];
                if (sum > 0f) {
                    VectorKernels.scale(o, (i0 + r) * d, d, 1f / sum);
                } // else no visible key: every weight was 0 and the row stayed zero
            }
        }
    }

    /**
     * Query rows {@code [i0 + r0, i0 + r0 + rows)} against keys {@code [j0, j1)}: scores, the score modifier,
     * the hidden pairs of the entries {@code first..last} (whose bits start at column {@code firstBit} of
     * the first one when the range is a box), padding, one online-softmax step per row, and the weighted
     * values added to the output rows.
     */
    private void span(HeadWork w, int i0, int r0, int rows, int j0, int j1, int first, int last, int firstBit) {
        int d = w.d;
        int lds = w.lds;
        float[] s = w.s;
        int cols = j1 - j0;
        int q0 = i0 + r0;
        AttentionGemm.scores(w.q, q0 * d, rows, d, w.kp, j0, j1, s, 0, lds);
        if (modifier != null) {
            VectorKernels.scale(s, 0, rows * lds, w.scale);
            modifier.applyTile(s, 0, lds, rows, cols, q0, j0, w.h, w.heads);
        }
        BlockMap map = w.map;
        for (int e = first; e <= last; e++) {
            int at = map.bitsAt(e);
            if (at != BlockMap.FULL) {
                int c0 = map.keyBlock(e) * block + firstBit - j0;   // s column of the entry's first bit used
                TileMasking.applyBits(s, c0, lds, rows, Math.min(block - firstBit, cols - c0), map.bits(),
                        at + r0 * map.words(), map.words(), firstBit);
            }
        }
        if (w.keyMask != null && TileMasking.anyPadded(w.keyMask, j0, j1)) {
            TileMasking.applyPadding(s, 0, lds, rows, cols, w.keyMask, j0);
        }
        for (int r = 0; r < rows; r++) {
            OnlineSoftmax.step(s, r * lds, cols, w.state, r0 + r, block + r0 + r, w.expScale, w.o, (q0 + r) * d, d);
        }
        // the span's weighted values apart, then added: the output rows were just rescaled by step
        AttentionGemm.weightedSum(s, 0, lds, rows, w.vp, w.n, d, j0, j1, w.t, 0);
        VectorKernels.axpy(1f, w.t, 0, w.o, q0 * d, rows * d);
    }

    /** One head's inputs and this thread's scratch, for {@link #span}. */
    private final class HeadWork {
        final int n;
        final int d;
        final int h;
        final int heads;
        final BlockMap map;
        final float[] q;
        final boolean[] keyMask;
        final float[] o;
        final int lds = scoreRowLength();
        final float[] kp;
        final float[] vp;
        final float[] s;
        final float[] t;
        /** [0, block): running max; [block, 2 block): running sum. */
        final float[] state;
        final float scale;
        /** With a modifier the scores become logits first, so the softmax takes them as they are. */
        final float expScale;

        HeadWork(AttentionInput in, BlockMap map, int h, float[] o) {
            this.n = in.n();
            this.d = in.dHead();
            this.h = h;
            this.heads = in.heads();
            this.map = map;
            this.q = in.q()[h];
            this.keyMask = in.keyMask();
            this.o = o;
            this.kp = packedKeys.get(AttentionGemm.packedKeysLength(n, d));
            this.vp = packedValues.get(AttentionGemm.packedValuesLength(n, d));
            this.s = scores.get((long) strip * lds);
            this.t = spanOutputs.get((long) strip * d);
            this.state = rowState.get(2L * block);
            this.scale = (float) (1.0 / Math.sqrt(d));
            this.expScale = modifier == null ? scale : 1f;
        }
    }

    /**
     * Floats per row of the span scores: the span rounded up to whole key panels, plus one panel, since a
     * span that starts inside a panel (a block size that is not a multiple of the panel width) has its
     * panels' ends one panel further along.
     */
    private int scoreRowLength() {
        return AttentionGemm.padded(span) + AttentionGemm.panelWidth();
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
        long perThread = kernel != null
                ? 2 * kernel.packedLength(shape.n(), shape.dHead()) + 2L * kernel.panelRows() * d
                        + kernel.stateLength() + biasLength(kernel)
                : AttentionGemm.packedKeysLength(shape.n(), shape.dHead())
                        + AttentionGemm.packedValuesLength(shape.n(), shape.dHead())
                        + (long) strip * scoreRowLength() + (long) strip * d + 2L * block;
        long scratch = workers * perThread * Float.BYTES + map.bytes();
        return new AttentionCost(flops, scratch);
    }

    /** Packed K and V, span scores and outputs and row state of every kernel thread, plus the last block map. */
    @Override
    public OptionalLong heldScratchBytes() {
        BlockMap map = lastMap;
        return OptionalLong.of(packedKeys.heldBytes() + packedValues.heldBytes() + scores.heldBytes()
                + spanOutputs.heldBytes() + rowState.heldBytes() + queryPanel.heldBytes() + outputPanel.heldBytes()
                + panelBias.heldBytes()
                + (map == null ? 0 : map.bytes()));
    }

    /**
     * A {@link MaskedDecodeState} over this engine's mask and modifier: the cache keeps the keys a later query
     * may still see (every key for {@code all}), and the prompt runs on a fresh engine of the same mask.
     */
    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new MaskedDecodeState(shape, new BlockSparseAttention(mask, modifier, block, strip, kernel),
                mask == Masks.all() ? null : mask, modifier);
    }

    @Override
    public String toString() {
        return "block-sparse engine: mask " + mask + (modifier == null ? "" : ", score " + modifier) + ", block " + block
                + (kernel == null ? "" : ", register-fused kernel " + kernel);
    }
}
