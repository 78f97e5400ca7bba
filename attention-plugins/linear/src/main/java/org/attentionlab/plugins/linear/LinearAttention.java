package org.attentionlab.plugins.linear;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.tensor.LinearAttentionKernels;
import org.attentionlab.core.tensor.VectorKernels;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.core.tensor.Parallel;

/**
 * Kernelised attention out_i = phi(q_i) S / phi(q_i) z with S = sum_j phi(k_j)^T v_j (m x dHead) and
 * z = sum_j phi(k_j) over the keys query i sees: all real keys, or in causal mode the real keys j <= i,
 * kept as running prefix sums. O(n * m * dHead) work, O(m * dHead) scratch per head; no n x n matrix.
 *
 * <p>Key features may carry a shift (FAVOR+ takes the largest exponent out); S and z hold every key at
 * one common shift, the running maximum, and are rescaled when it grows, so the factor cancels between
 * numerator and denominator. A query whose denominator is not positive (no visible key, or relu features
 * orthogonal to every visible key) outputs a zero row instead of NaN.
 */
final class LinearAttention implements Attention {

    private final FeatureMapKind kind;
    private final int featuresParam;
    private final long seed;
    private FeatureMap map;
    private int mapDim = -1;
    private final HeadScratch state = new HeadScratch("linear attention state");        // S (m*d), then z (m)
    private final HeadScratch rowFeatures = new HeadScratch("feature row");            // phi of one key or query

    LinearAttention(FeatureMapKind kind, int featuresParam, long seed) {
        this.kind = kind;
        this.featuresParam = featuresParam;
        this.seed = seed;
    }

    /** The feature map for this head width; built once per width (FAVOR+ draws its projection here). */
    FeatureMap featureMap(int dHead) {
        if (dHead != mapDim) {
            map = kind.create(dHead, featuresParam, seed);
            mapDim = dHead;
        }
        return map;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        FeatureMap phi = featureMap(in.dHead());
        int m = phi.features();
        state.ensure(in.heads(), (long) m * in.dHead() + m);
        rowFeatures.ensure(in.heads(), m);
        Parallel.forRange(in.heads(), h -> head(in, h, phi, out[h]));
    }

    private void head(AttentionInput in, int h, FeatureMap phi, float[] o) {
        int n = in.n();
        int d = in.dHead();
        int m = phi.features();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        float[] st = state.head(h);
        float[] row = rowFeatures.head(h);
        java.util.Arrays.fill(st, 0, m * d + m, 0f);
        float shift = Float.NEGATIVE_INFINITY;
        if (!in.causal()) {
            for (int j = 0; j < n; j++) {
                if (in.keyValid(j)) {
                    shift = addKey(phi, k, v, j, d, m, st, row, shift);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (in.causal() && in.keyValid(i)) {
                shift = addKey(phi, k, v, i, d, m, st, row, shift); // prefix sums: key i joins before query i reads
            }
            // the query's own shift cancels in the ratio; a non-positive denominator gives a zero row
            phi.apply(q, i * d, row);
            LinearAttentionKernels.linearReadout(row, 0, m, st, d, o, i * d);
        }
    }

    /**
     * S += phi(k_j)^T v_j and z += phi(k_j), everything held at one common shift (the largest key shift so
     * far); when a key raises it, S and z are rescaled. Returns the common shift.
     */
    static float addKey(FeatureMap phi, float[] k, float[] v, int j, int d, int m, float[] st, float[] row, float common) {
        float keyShift = phi.apply(k, j * d, row);
        if (keyShift > common) {
            if (common != Float.NEGATIVE_INFINITY) {
                VectorKernels.scale(st, 0, m * d + m, (float) Math.exp(common - keyShift));
            }
            common = keyShift;
        }
        LinearAttentionKernels.linearAccumulate(row, 0, m, (float) Math.exp(keyShift - common), v, j * d, d, st);
        return common;
    }

    /** Running sums per key/value head instead of a key cache; the prompt runs on a fresh instance of the same map. */
    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new LinearDecodeState(shape, new LinearAttention(kind, featuresParam, seed));
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long d = shape.dHead();
        FeatureMap phi = featureMap(shape.dHead());
        long m = phi.features();
        // per key: phi(k) and the rank-1 update of S and z; per query: phi(q), phi(q) S, phi(q).z, the division
        long perKey = phi.flopsPerRow() + 2 * m * d + m;
        long perQuery = phi.flopsPerRow() + 2 * m * d + 2 * m + d;
        long flops = shape.heads() * n * (perKey + perQuery);
        long perHead = m * d + 2 * m;                      // S, z and one row of features
        long shared = kind == FeatureMapKind.FAVOR ? m * d : 0; // the random projection W
        return new AttentionCost(flops, (shape.heads() * perHead + shared) * Float.BYTES);
    }
}
