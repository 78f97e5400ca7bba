package org.attentionlab.plugins.topk;

import java.util.Arrays;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.tensor.GatherKernels;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * Top-k attention: each query computes its exact scores against every visible key (one row of n scores), keeps the
 * k largest with {@link TopKSelector} (no sort), and takes the softmax and the weighted sum of values over those only,
 * with the shared vector kernels ({@link VectorKernels#dot}, {@link VectorKernels#softmax},
 * {@link GatherKernels#gatherWeightedSum}).
 * Padded keys and, when causal, keys after the query are never offered, so never kept. The scores still cost
 * O(n^2 dHead); the softmax and PV cost O(n k dHead); scratch is one score row and one k-heap per head.
 */
final class TopKAttention implements Attention {

    private final int k;
    private float[][] rows = new float[0][];
    private float[][] weights = new float[0][];
    private TopKSelector[] selectors = new TopKSelector[0];

    TopKAttention(int k) {
        this.k = k;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        int n = in.n();
        int heads = in.heads();
        ensure(heads, n);
        float scale = (float) (1.0 / Math.sqrt(in.dHead()));
        Parallel.forRange(heads, h -> head(in, in.q()[h], in.k()[h], in.v()[h], out[h], rows[h], weights[h], selectors[h], scale));
    }

    private void head(AttentionInput in, float[] q, float[] keys, float[] v, float[] o, float[] row,
                      float[] weights, TopKSelector selector, float scale) {
        int n = in.n();
        int d = in.dHead();
        int keep = Math.min(k, n);
        for (int i = 0; i < n; i++) {
            int last = in.causal() ? i : n - 1;
            selector.reset(row, keep);
            for (int j = 0; j <= last; j++) {
                if (!in.keyValid(j)) {
                    continue;
                }
                row[j] = VectorKernels.dot(q, i * d, keys, j * d, d) * scale;
                selector.offer(j);
            }
            int kept = selector.size();
            if (kept == 0) {
                Arrays.fill(o, i * d, (i + 1) * d, 0f);
                continue; // no visible key: the output row stays zero
            }
            int[] chosen = selector.keys();
            for (int s = 0; s < kept; s++) {
                weights[s] = row[chosen[s]];
            }
            VectorKernels.softmax(weights, 0, kept, 1f);
            GatherKernels.gatherWeightedSum(weights, 0, chosen, 0, kept, v, d, o, i * d);
        }
    }

    /**
     * Per head: {@code pairs * (2d + 1)} for the exact scores and the selection (one comparison per score, the heap's
     * usual case; a worst case adds log2 k per score), plus {@code kept * (2d + 4)} for the sparse softmax and PV, with
     * pairs = n^2 (n(n+1)/2 causal) and kept = n min(k, n) (causal: sum over i of min(k, i+1)). Scratch: one row of
     * n floats, the kept weights (min(k, n) floats) and a heap of min(k, n) ints per head.
     */
    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long d = shape.dHead();
        long keep = Math.min(k, n);
        long pairs = shape.causal() ? n * (n + 1) / 2 : n * n;
        long kept = shape.causal() ? keep * (keep + 1) / 2 + (n - keep) * keep : n * keep;
        long flops = shape.heads() * (pairs * (2 * d + 1) + kept * (2 * d + 4));
        long scratch = shape.heads() * ((n + keep) * Float.BYTES + keep * Integer.BYTES);
        return new AttentionCost(flops, scratch);
    }

    /** Every key kept (any of them may enter a later query's top k); the prompt runs on a fresh instance. */
    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new TopKDecodeState(shape, k, new TopKAttention(k));
    }

    @Override
    public java.util.OptionalLong heldScratchBytes() {
        return java.util.OptionalLong.of(allocatedScratchBytes());
    }

    /** Bytes this instance holds in scratch now; tests compare it with the cost model. */
    long allocatedScratchBytes() {
        long bytes = 0;
        for (int h = 0; h < rows.length; h++) {
            bytes += (long) (rows[h].length + weights[h].length) * Float.BYTES
                    + (long) selectors[h].heapCapacityAllocated() * Integer.BYTES;
        }
        return bytes;
    }

    private void ensure(int heads, int n) {
        if (rows.length < heads) {
            int old = rows.length;
            rows = Arrays.copyOf(rows, heads);
            weights = Arrays.copyOf(weights, heads);
            selectors = Arrays.copyOf(selectors, heads);
            for (int h = old; h < heads; h++) {
                rows[h] = new float[0];
                weights[h] = new float[0];
                selectors[h] = new TopKSelector();
            }
        }
        for (int h = 0; h < heads; h++) {
            if (rows[h].length < n) {
                rows[h] = new float[n];
            }
            if (weights[h].length < Math.min(k, n)) {
                weights[h] = new float[Math.min(k, n)];
            }
        }
    }
}
