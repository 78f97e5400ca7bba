package org.attentionlab.plugins.linformer;

import java.util.Arrays;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.RowMatrixKernels;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * Linformer attention: {@code softmax(Q (E K)^T / sqrt(dHead)) (E V)} with E the k x n {@link RandomProjection}
 * (the same for every head). Padded keys get no weight: their columns of E count as zero, so they are skipped in
 * E K and E V. O(n k dHead) time; scratch is E (k x n, shared) plus E K, E V and one row of k scores per head.
 * Causal attention is rejected: every projected row mixes the whole sequence, future included.
 */
final class LinformerAttention implements Attention {

    static final String CAUSAL_UNSUPPORTED = "linformer does not support causal attention";

    private final RandomProjection projection;
    private float[][] projectedKeys = new float[0][];
    private float[][] projectedValues = new float[0][];
    private float[][] scoreRows = new float[0][];

    LinformerAttention(RandomProjection projection) {
        this.projection = projection;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        if (in.causal()) {
            throw new UnsupportedOperationException(CAUSAL_UNSUPPORTED);
        }
        int n = in.n();
        int d = in.dHead();
        int heads = in.heads();
        int k = projection.k();
        float[] e = projection.columns(n);
        ensure(heads, k, d);
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forRange(heads, h -> head(in, in.q()[h], in.k()[h], in.v()[h], out[h], e, k,
                projectedKeys[h], projectedValues[h], scoreRows[h], scale));
    }

    private static void head(AttentionInput in, float[] q, float[] keys, float[] v, float[] o, float[] e, int k,
                             float[] ek, float[] ev, float[] row, float scale) {
        int n = in.n();
        int d = in.dHead();
        Arrays.fill(ek, 0, k * d, 0f);
        Arrays.fill(ev, 0, k * d, 0f);
        boolean anyReal = false;
        for (int j = 0; j < n; j++) {
            if (!in.keyValid(j)) {
                continue; // a zero column of E
            }
            anyReal = true;
            int kj = j * d;
            for (int r = 0; r < k; r++) {
                float w = e[j * k + r];
                VectorKernels.axpy(w, keys, kj, ek, r * d, d);
                VectorKernels.axpy(w, v, kj, ev, r * d, d);
            }
        }
        if (!anyReal) {
            Arrays.fill(o, 0, n * d, 0f); // no visible key: zero rows
            return;
        }
        for (int i = 0; i < n; i++) {
            int qi = i * d;
            for (int r = 0; r < k; r++) {
                row[r] = VectorKernels.dot(q, qi, ek, r * d, d) * scale;
            }
            VectorKernels.softmax(row, 0, k, 1f);
            RowMatrixKernels.rowTimesMatrix(row, 0, k, ev, 0, d, d, o, qi, false);
        }
    }

    /**
     * Per head {@code 2nkd} (E K) {@code + 2nkd} (E V) {@code + 2nkd + 4nk} (scores and softmax) {@code + 2nkd} (PV):
     * {@code 8nkd + 4nk}. Scratch: E ({@code 4nk} bytes, generated once per length and cached, its Gaussians not
     * counted as FLOPs) plus {@code 4(2kd + k)} bytes per head.
     */
    @Override
    public AttentionCost cost(AttentionShape shape) {
        if (shape.causal()) {
            throw new UnsupportedOperationException(CAUSAL_UNSUPPORTED);
        }
        long n = shape.n();
        long k = projection.k();
        long d = shape.dHead();
        long flops = shape.heads() * (8 * n * k * d + 4 * n * k);
        long scratch = (n * k + shape.heads() * (2 * k * d + k)) * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }

    @Override
    public java.util.OptionalLong heldScratchBytes() {
        return java.util.OptionalLong.of(allocatedScratchBytes());
    }

    /** Bytes this instance holds in scratch now; tests compare it with the cost model. */
    long allocatedScratchBytes() {
        long floats = 0;
        for (int h = 0; h < projectedKeys.length; h++) {
            floats += projectedKeys[h].length + projectedValues[h].length + scoreRows[h].length;
        }
        return projection.allocatedBytes() + floats * Float.BYTES;
    }

    private void ensure(int heads, int k, int d) {
        if (projectedKeys.length < heads) {
            int old = projectedKeys.length;
            projectedKeys = Arrays.copyOf(projectedKeys, heads);
            projectedValues = Arrays.copyOf(projectedValues, heads);
            scoreRows = Arrays.copyOf(scoreRows, heads);
            for (int h = old; h < heads; h++) {
                projectedKeys[h] = new float[0];
                projectedValues[h] = new float[0];
                scoreRows[h] = new float[0];
            }
        }
        for (int h = 0; h < heads; h++) {
            if (projectedKeys[h].length < k * d) {
                projectedKeys[h] = new float[k * d];
                projectedValues[h] = new float[k * d];
            }
            if (scoreRows[h].length < k) {
                scoreRows[h] = new float[k];
            }
        }
    }
}
