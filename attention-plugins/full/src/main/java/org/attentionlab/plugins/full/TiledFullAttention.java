package org.attentionlab.plugins.full;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.AttentionKernels;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.core.tensor.Parallel;

/**
 * Exact softmax attention without the n x n matrix (the FlashAttention schedule on a CPU): queries in
 * blocks of B, and for each query block the keys in blocks of B; each query keeps a running maximum m and
 * sum l of its exponentials, and its output row is rescaled by exp(m_old - m_new) whenever m grows.
 * Scratch per head: K^T (n x dHead, so a score block is a vector-matrix product) and 3B floats (one block
 * of scores, m and l of the query block): linear in n.
 */
final class TiledFullAttention implements Attention {

    private final int blockSize;
    private final HeadScratch keysTransposed = new HeadScratch("transposed keys");
    private final HeadScratch blockState = new HeadScratch("block scores and running softmax state");

    TiledFullAttention(int blockSize) {
        this.blockSize = blockSize;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        int block = Math.min(blockSize, in.n());
        keysTransposed.ensure(in.heads(), (long) in.n() * in.dHead());
        blockState.ensure(in.heads(), 3L * block);
        Parallel.forRange(in.heads(), h -> head(in, h, block, out[h]));
    }

    private void head(AttentionInput in, int h, int block, float[] o) {
        int n = in.n();
        int d = in.dHead();
        boolean causal = in.causal();
        float[] q = in.q()[h];
        float[] v = in.v()[h];
        float[] kt = keysTransposed.head(h);
        float[] state = blockState.head(h);
        int maxAt = block;          // state[block + r]: running max of query q0 + r (raw score units)
        int sumAt = 2 * block;      // state[2 * block + r]: running sum of exp((s - max) * scale)
        float scale = (float) (1.0 / Math.sqrt(d));
        AttentionKernels.transposeRows(in.k()[h], 0, n, d, kt, n);
        for (int q0 = 0; q0 < n; q0 += block) {
            int q1 = Math.min(n, q0 + block);
            java.util.Arrays.fill(state, maxAt, maxAt + block, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(state, sumAt, sumAt + block, 0f);
            java.util.Arrays.fill(o, q0 * d, q1 * d, 0f);
            int keyEnd = causal ? q1 : n;
            for (int k0 = 0; k0 < keyEnd; k0 += block) {
                int k1 = Math.min(keyEnd, k0 + block);
                for (int i = q0; i < q1; i++) {
                    int cols = (causal ? Math.min(k1, i + 1) : k1) - k0;
                    if (cols > 0) {
                        visit(in, q, kt, v, i, k0, cols, state, maxAt + i - q0, sumAt + i - q0, scale, o);
                    }
                }
            }
            for (int i = q0; i < q1; i++) {
                float sum = state[sumAt + i - q0];
                if (sum > 0f) {
                    AttentionKernels.scale(o, i * d, d, 1f / sum);
                } // else no visible key: the row stays zero
            }
        }
    }

    /** Query i meets keys [k0, k0 + cols): one online-softmax step. Scores go to state[0 .. cols). */
    private static void visit(AttentionInput in, float[] q, float[] kt, float[] v, int i, int k0, int cols,
                              float[] state, int maxAt, int sumAt, float scale, float[] o) {
        int n = in.n();
        int d = in.dHead();
        AttentionKernels.rowTimesMatrix(q, i * d, d, kt, k0, n, cols, state, 0, false);
        if (in.keyMask() != null) {
            for (int t = 0; t < cols; t++) {
                if (!in.keyMask()[k0 + t]) {
                    state[t] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        float blockMax = AttentionKernels.max(state, 0, cols);
        if (blockMax == Float.NEGATIVE_INFINITY) {
            return; // every key of this block is padding
        }
        float oldMax = state[maxAt];
        if (blockMax > oldMax) {
            if (oldMax != Float.NEGATIVE_INFINITY) {
                float correction = (float) Math.exp((oldMax - blockMax) * scale);
                state[sumAt] *= correction;
                AttentionKernels.scale(o, i * d, d, correction);
            }
            state[maxAt] = blockMax;
        }
        state[sumAt] += AttentionKernels.expShifted(state, 0, cols, state[maxAt], scale);
        AttentionKernels.rowTimesMatrix(state, 0, cols, v, k0 * d, d, d, o, i * d, true);
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long d = shape.dHead();
        long block = Math.min(blockSize, shape.n());
        long pairs = shape.causal() ? n * (n + 1) / 2 : n * n;
        long visits = 0; // (query, key block) steps, each may rescale a row and updates max and sum
        for (long i = 0; i < n; i++) {
            long keys = shape.causal() ? i + 1 : n;
            visits += (keys + block - 1) / block;
        }
        long flops = shape.heads() * (pairs * (4 * d + 4) + visits * (d + 4) + n * d);
        long scratch = shape.heads() * (n * d + 3 * block) * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }
}
