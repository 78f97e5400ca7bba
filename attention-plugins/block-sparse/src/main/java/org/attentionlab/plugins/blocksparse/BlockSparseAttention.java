package org.attentionlab.plugins.blocksparse;

import java.util.Arrays;
import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/**
 * Block-sparse softmax attention: each query computes scores only against the keys of its query block's key blocks
 * ({@link BlockSparsePattern}), so the work is O(n (w + g + r) blockSize dHead) plus O(g blockSize n dHead) for the
 * global rows; the scratch is one row of the longest query's keys per head.
 */
final class BlockSparseAttention implements Attention {

    private final BlockSparsePattern pattern;
    private float[][] rows = new float[0][];

    BlockSparseAttention(BlockSparsePattern pattern) {
        this.pattern = pattern;
    }

    /** The block pattern, for diagnostics (coverage of full attention's mass). */
    @Override
    public Optional<AttentionPattern> pattern() {
        return Optional.of(pattern::covers);
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        BlockLayout layout = pattern.layout(in.n(), in.causal());
        int heads = in.heads();
        int rowLength = layout.maxKeysPerQuery();
        if (rows.length < heads) {
            int old = rows.length;
            rows = Arrays.copyOf(rows, heads);
            for (int h = old; h < heads; h++) {
                rows[h] = new float[0];
            }
        }
        for (int h = 0; h < heads; h++) {
            if (rows[h].length < rowLength) {
                rows[h] = new float[rowLength];
            }
        }
        float scale = (float) (1.0 / Math.sqrt(in.dHead()));
        Parallel.forRange(heads, h -> head(in, layout, in.q()[h], in.k()[h], in.v()[h], out[h], rows[h], scale));
    }

    private static void head(AttentionInput in, BlockLayout layout, float[] q, float[] k, float[] v, float[] o,
                             float[] row, float scale) {
        int d = in.dHead();
        boolean causal = in.causal();
        for (int qb = 0; qb < layout.blockCount(); qb++) {
            int[] blocks = layout.keyBlocks()[qb];
            for (int i = layout.blockStart(qb); i < layout.blockEnd(qb); i++) {
                int count = 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int kb : blocks) {
                    int end = causal ? Math.min(layout.blockEnd(kb), i + 1) : layout.blockEnd(kb);
                    for (int j = layout.blockStart(kb); j < end; j++) {
                        float score = Float.NEGATIVE_INFINITY;
                        if (in.keyValid(j)) {
                            float dot = 0f;
                            for (int c = 0; c < d; c++) {
                                dot += q[i * d + c] * k[j * d + c];
                            }
                            score = dot * scale;
                            max = Math.max(max, score);
                        }
                        row[count++] = score;
                    }
                }
                int oi = i * d;
                Arrays.fill(o, oi, oi + d, 0f);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue; // no visible key: the output row stays zero
                }
                float sum = 0f;
                for (int t = 0; t < count; t++) {
                    float p = (float) Math.exp(row[t] - max);
                    row[t] = p;
                    sum += p;
                }
                float inv = 1f / sum;
                int t = 0;
                for (int kb : blocks) { // the same walk as above, so row[t] belongs to key j
                    int end = causal ? Math.min(layout.blockEnd(kb), i + 1) : layout.blockEnd(kb);
                    for (int j = layout.blockStart(kb); j < end; j++) {
                        float p = row[t++] * inv;
                        if (p == 0f) {
                            continue;
                        }
                        int vj = j * d;
                        for (int c = 0; c < d; c++) {
                            o[oi + c] += p * v[vj + c];
                        }
                    }
                }
            }
        }
    }

    /**
     * Exactly the pairs the layout makes the kernel compute, {@code (4 dHead + 4)} FLOPs each (QK and PV multiply-adds,
     * 4 for the softmax), per head; scratch: one row of the longest query's keys per head plus the layout's ints.
     */
    @Override
    public AttentionCost cost(AttentionShape shape) {
        BlockLayout layout = pattern.layout(shape.n(), shape.causal());
        long flops = shape.heads() * layout.pairs() * (4L * shape.dHead() + 4);
        long scratch = (long) shape.heads() * layout.maxKeysPerQuery() * Float.BYTES + layout.entries() * Integer.BYTES;
        return new AttentionCost(flops, scratch);
    }

    /** Bytes this instance holds in scratch now (rows and the cached layout); tests compare it with the cost model. */
    long allocatedScratchBytes(int n, boolean causal) {
        long bytes = pattern.layout(n, causal).entries() * Integer.BYTES;
        for (float[] row : rows) {
            bytes += (long) row.length * Float.BYTES;
        }
        return bytes;
    }
}
