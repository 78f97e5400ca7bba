package org.attentionlab.plugins.full;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.decode.MaskedDecodeState;
import org.attentionlab.core.tensor.AttentionGemm;
import org.attentionlab.core.tensor.VectorKernels;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.ThreadScratch;

/**
 * Textbook softmax attention: per head the whole n x n score matrix S = Q K^T is formed, exponentiated row
 * by row into P (each row shifted by its maximum), then P V, each output row divided by its row's sum of P
 * (the softmax's normalisation, applied to d outputs instead of n weights). Its memory is quadratic in n on purpose: it is the reference cost the other
 * variants are compared with. Heads run in parallel; each kernel thread owns one score matrix, so the
 * peak is one n x n matrix per thread (12 heads at n = 16384 would otherwise need 12.9 GB).
 */
final class MaterializedFullAttention implements Attention {

    /**
     * Query rows per block: four tiles of the GEMM micro-kernel's six rows. The block's scores (24 x n
     * floats, 192 KB at n = 2048) stay in L2 between the three steps, beside the packed K and V.
     */
    private static final int QUERY_BLOCK = 24;

    private final ThreadScratch scores = new ThreadScratch("materialized n x n score matrix (use algorithm: tiled)");
    private final ThreadScratch packedKeys = new ThreadScratch("packed keys");
    private final ThreadScratch packedValues = new ThreadScratch("packed values");
    private final ThreadScratch rowScales = new ThreadScratch("softmax row scales");

    @Override
    public void forward(AttentionInput in, float[][] out) {
        long n = in.n();
        if (n * AttentionGemm.padded(in.n()) > HeadScratch.MAX_LENGTH) {
            throw new IllegalArgumentException("the materialized n x n score matrix (use algorithm: tiled) needs "
                    + n * n + " floats, more than one Java array holds");
        }
        // heads are taken one at a time from a shared counter rather than in fixed halves: when another
        // process holds one core for a while, the other thread runs more heads instead of waiting
        int heads = in.heads();
        AtomicInteger next = new AtomicInteger();
        Parallel.forRange(Math.min(heads, Parallel.threads()), part -> {
            for (int h = next.getAndIncrement(); h < heads; h = next.getAndIncrement()) {
                head(in, h, out[h]);
            }
        });
    }

    private void head(AttentionInput in, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        int ld = AttentionGemm.padded(n);   // score rows: whole key panels, so the scores kernel writes in place
        float[] q = in.q()[h];
        boolean[] mask = in.keyMask();
        boolean causal = in.causal();
        float[] s = scores.get((long) n * ld);
        float[] kp = packedKeys.get(AttentionGemm.packedKeysLength(n, d));
        float[] vp = packedValues.get(AttentionGemm.packedValuesLength(n, d));
        AttentionGemm.packKeys(in.k()[h], n, d, kp);
        AttentionGemm.packValues(in.v()[h], n, d, vp);
        float[] inverseSums = rowScales.get(QUERY_BLOCK);
        float scale = (float) (1.0 / Math.sqrt(d));
        // The whole S is formed, one block of query rows at a time: the block's scores are exponentiated and
        // multiplied by V while they are still in cache, instead of sweeps over all n x n.
        for (int i0 = 0; i0 < n; i0 += QUERY_BLOCK) {
            int rows = Math.min(QUERY_BLOCK, n - i0);
            int cols = causal ? i0 + rows : n;   // keys that some row of the block sees
            // S = Q K^T
            AttentionGemm.scores(q, i0 * d, rows, d, kp, 0, cols, s, i0 * ld, ld);
            for (int i = i0; i < i0 + rows; i++) {
                int row = i * ld;
                int visible = causal ? i + 1 : n;
                if (mask != null) {
                    for (int j = 0; j < visible; j++) {
                        if (!mask[j]) {
                            s[row + j] = Float.NEGATIVE_INFINITY;
                        }
                    }
                }
                // P = exp((S - max) / sqrt(d)), unnormalised; a row with no visible key becomes zeros
                float max = VectorKernels.max(s, row, visible);
                if (max == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(s, row, row + visible, 0f);
                    inverseSums[i - i0] = 0f;
                } else {
                    inverseSums[i - i0] = 1f / VectorKernels.expShifted(s, row, visible, max, scale);
                }
                // causal: keys after the diagonal but inside the block get weight 0 in the product below
                Arrays.fill(s, row + visible, row + cols, 0f);
            }
            // O = P V, then each row over its sum of P
            AttentionGemm.weightedSum(s, i0 * ld, ld, rows, vp, n, d, 0, cols, o, i0 * d);
            for (int i = 0; i < rows; i++) {
                VectorKernels.scale(o, (i0 + i) * d, d, inverseSums[i]);
            }
        }
    }

    @Override
    public OptionalLong heldScratchBytes() {
        return OptionalLong.of(scores.heldBytes() + packedKeys.heldBytes() + packedValues.heldBytes() + rowScales.heldBytes());
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long pairs = shape.causal() ? n * (n + 1) / 2 : n * n;
        // QK^T and PV: 2 flops per multiply-add each; softmax ~4 per score (max, subtract+exp, sum, normalise)
        long flops = shape.heads() * pairs * (4L * shape.dHead() + 4);
        // S (rows padded to whole key panels) and packed K and V per kernel thread: as many as run heads at once
        long workers = Math.min(shape.heads(), Parallel.threads());
        int d = shape.dHead();
        long perThread = n * AttentionGemm.padded(shape.n()) + AttentionGemm.packedKeysLength(shape.n(), d)
                + AttentionGemm.packedValuesLength(shape.n(), d) + QUERY_BLOCK;
        long scratch = workers * perThread * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }

    /** Every key kept; the prompt runs on a fresh materialized attention, each step over the whole cache. */
    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new MaskedDecodeState(shape, new MaterializedFullAttention(), null, null);
    }
}
