package org.attentionlab.plugins.linear;

import java.util.Arrays;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
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
    private float[][] state = new float[0][];     // per head: S (m*d), then z (m)
    private float[][] rowFeatures = new float[0][]; // per head: phi of one query, then of one key

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
        int heads = in.heads();
        int d = in.dHead();
        FeatureMap phi = featureMap(d);
        int m = phi.features();
        if (state.length < heads || state[0].length < m * d + m) {
            state = new float[heads][m * d + m];
        }
        if (rowFeatures.length < heads || rowFeatures[0].length < 2 * m) {
            rowFeatures = new float[heads][2 * m];
        }
        Parallel.forRange(heads, h -> head(in, h, phi, out[h], state[h], rowFeatures[h]));
    }

    private void head(AttentionInput in, int h, FeatureMap phi, float[] o, float[] st, float[] rows) {
        int n = in.n();
        int d = in.dHead();
        int m = phi.features();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        Arrays.fill(st, 0, m * d + m, 0f);
        float[] shift = {Float.NEGATIVE_INFINITY};
        if (!in.causal()) {
            for (int j = 0; j < n; j++) {
                if (in.keyValid(j)) {
                    addKey(phi, k, v, j, d, m, st, rows, shift);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (in.causal() && in.keyValid(i)) {
                addKey(phi, k, v, i, d, m, st, rows, shift); // prefix sums: key i joins before query i reads
            }
            readout(phi, q, i, d, m, st, rows, o);
        }
    }

    /** S += phi(k_j)^T v_j and z += phi(k_j), at the common shift {@code shift[0]} (raised when needed). */
    private static void addKey(FeatureMap phi, float[] k, float[] v, int j, int d, int m, float[] st, float[] rows, float[] shift) {
        float keyShift = phi.apply(k, j * d, rows);
        float common = shift[0];
        if (keyShift > common) {
            if (common != Float.NEGATIVE_INFINITY) {
                float rescale = (float) Math.exp(common - keyShift);
                for (int x = 0; x < m * d + m; x++) {
                    st[x] *= rescale;
                }
            }
            shift[0] = keyShift;
            common = keyShift;
        }
        float weight = (float) Math.exp(keyShift - common);
        int vj = j * d;
        for (int r = 0; r < m; r++) {
            float f = rows[r] * weight;
            if (f == 0f) {
                continue;
            }
            st[m * d + r] += f;
            int sr = r * d;
            for (int c = 0; c < d; c++) {
                st[sr + c] += f * v[vj + c];
            }
        }
    }

    /** out_i = phi(q_i) S / phi(q_i) z; the query's own shift cancels in the ratio and is ignored. */
    private static void readout(FeatureMap phi, float[] q, int i, int d, int m, float[] st, float[] rows, float[] o) {
        phi.apply(q, i * d, rows);
        int oi = i * d;
        Arrays.fill(o, oi, oi + d, 0f);
        float denominator = 0f;
        for (int r = 0; r < m; r++) {
            denominator += rows[r] * st[m * d + r];
        }
        if (!(denominator > 0f)) {
            return; // no visible key, or phi(q_i) orthogonal to all of them (relu): a zero row, not NaN
        }
        for (int r = 0; r < m; r++) {
            float f = rows[r];
            if (f == 0f) {
                continue;
            }
            int sr = r * d;
            for (int c = 0; c < d; c++) {
                o[oi + c] += f * st[sr + c];
            }
        }
        float inv = 1f / denominator;
        for (int c = 0; c < d; c++) {
            o[oi + c] *= inv;
        }
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
        long perHead = m * d + m + 2 * m;                  // S, z, one query row and one key row of features
        long shared = kind == FeatureMapKind.FAVOR ? m * d : 0; // the random projection W
        return new AttentionCost(flops, (shape.heads() * perHead + shared) * Float.BYTES);
    }
}
