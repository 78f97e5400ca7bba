package org.attentionlab.plugins.nystrom;

import java.util.Arrays;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.RowMatrixKernels;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * Nyströmformer attention: {@code softmax(Q K~^T) pinv(softmax(Q~ K~^T)) softmax(Q~ K^T) V} with m segment-mean
 * landmarks Q~, K~ ({@link LandmarkSegments}) and the iterative pseudo-inverse ({@link IterativePinv}); every
 * softmax scales scores by 1/sqrt(dHead). Evaluated right to left so no n x n or n x m matrix exists:
 * O(n m dHead) time, O(n + m^2 + m dHead) scratch per head.
 *
 * <p>Padded keys are left out of the landmark means and get no weight in {@code softmax(Q~ K^T)}. With
 * {@code m >= r} real tokens the landmarks would be the tokens themselves, so the exact attention is computed
 * instead (cheaper, and what Nyström tends to). Causal attention is rejected: a landmark mixes past and future
 * tokens, so no masking of the three factors keeps query i from seeing keys after i.
 */
final class NystromAttention implements Attention {

    static final String CAUSAL_UNSUPPORTED = "nystrom does not support causal attention";

    private final int landmarks;
    private final int pinvIterations;
    private NystromScratch[] scratch = new NystromScratch[0];
    private int[] segmentStarts = new int[0];

    NystromAttention(int landmarks, int pinvIterations) {
        this.landmarks = landmarks;
        this.pinvIterations = pinvIterations;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        if (in.causal()) {
            throw new UnsupportedOperationException(CAUSAL_UNSUPPORTED);
        }
        int n = in.n();
        int d = in.dHead();
        int heads = in.heads();
        int real = realTokens(in);
        if (real == 0) {
            for (int h = 0; h < heads; h++) {
                Arrays.fill(out[h], 0, n * d, 0f);
            }
            return;
        }
        ensureHeads(heads);
        float scale = (float) (1.0 / Math.sqrt(d));
        if (landmarks >= real) {
            for (int h = 0; h < heads; h++) {
                scratch[h].ensureExact(n);
            }
            Parallel.forRange(heads, h -> exactHead(in, h, out[h], scratch[h].keyRow, scale));
            return;
        }
        int m = landmarks;
        if (segmentStarts.length < m + 1) {
            segmentStarts = new int[m + 1];
        }
        LandmarkSegments.starts(in.keyMask(), n, real, m, segmentStarts);
        for (int h = 0; h < heads; h++) {
            scratch[h].ensureNystrom(n, m, d);
        }
        Parallel.forRange(heads, h -> nystromHead(in, h, out[h], scratch[h], real, m, scale));
    }

    private void nystromHead(AttentionInput in, int h, float[] o, NystromScratch w, int real, int m, float scale) {
        int n = in.n();
        int d = in.dHead();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        LandmarkSegments.means(q, d, in.keyMask(), real, m, segmentStarts, w.queryLandmarks);
        LandmarkSegments.means(k, d, in.keyMask(), real, m, segmentStarts, w.keyLandmarks);

        // A = softmax(Q~ K~^T), m x m; its pseudo-inverse lands in w.z.
        float[] a = w.kernel;
        for (int s = 0; s < m; s++) {
            for (int t = 0; t < m; t++) {
                a[s * m + t] = VectorKernels.dot(w.queryLandmarks, s * d, w.keyLandmarks, t * d, d) * scale;
            }
            VectorKernels.softmax(a, s * m, m, 1f);
        }
        IterativePinv.compute(a, m, pinvIterations, w);

        // softmax(Q~ K^T) V, one landmark row of n scores at a time; padded keys get no weight.
        float[] row = w.keyRow;
        float[] landmarkValues = w.landmarkValues;
        for (int s = 0; s < m; s++) {
            for (int j = 0; j < n; j++) {
                row[j] = in.keyValid(j) ? VectorKernels.dot(w.queryLandmarks, s * d, k, j * d, d) * scale : Float.NEGATIVE_INFINITY;
            }
            VectorKernels.softmax(row, 0, n, 1f); // real > 0, so some key is visible
            RowMatrixKernels.rowTimesMatrix(row, 0, n, v, 0, d, d, landmarkValues, s * d, false);
        }
        RowMatrixKernels.rowsTimesMatrix(w.z, 0, m, m, m, landmarkValues, 0, d, d, w.mixedValues, 0, d, false);

        // out_i = softmax(q_i K~^T) (pinv(A) softmax(Q~ K^T) V), one row of m scores per query.
        float[] f = w.landmarkRow;
        float[] mixed = w.mixedValues;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < m; t++) {
                f[t] = VectorKernels.dot(q, i * d, w.keyLandmarks, t * d, d) * scale;
            }
            VectorKernels.softmax(f, 0, m, 1f);
            RowMatrixKernels.rowTimesMatrix(f, 0, m, mixed, 0, d, d, o, i * d, false);
        }
    }

    /** Exact softmax attention over the real keys, one row of n scores per query (the m >= real tokens case). */
    private static void exactHead(AttentionInput in, int h, float[] o, float[] row, float scale) {
        int n = in.n();
        int d = in.dHead();
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = in.keyValid(j) ? VectorKernels.dot(q, i * d, k, j * d, d) * scale : Float.NEGATIVE_INFINITY;
            }
            VectorKernels.softmax(row, 0, n, 1f);
            RowMatrixKernels.rowTimesMatrix(row, 0, n, v, 0, d, d, o, i * d, false);
        }
    }

    /**
     * FLOPs (multiply-add = 2, softmax = 4 per score, landmark mean = 1 per element) and peak scratch for a shape
     * without padding. Per head, with m < n:
     * {@code 2nd + 2md} (landmark means) {@code + 2m^2 d + 4m^2} (A) {@code + 3m^2 + it(8m^3 + 4m^2)} (pinv)
     * {@code + 4nmd + 4nm} (softmax(Q~ K^T) V) {@code + 2m^2 d} (pinv(A) times that) {@code + 4nmd + 4nm}
     * (softmax(Q K~^T) times that); scratch {@code 4(4md + 5m^2 + n + m)} bytes per head plus {@code 4(m+1)}.
     * With m >= n it is the exact path: {@code n^2 (4d + 4)} FLOPs and one row of n floats per head.
     */
    @Override
    public AttentionCost cost(AttentionShape shape) {
        if (shape.causal()) {
            throw new UnsupportedOperationException(CAUSAL_UNSUPPORTED);
        }
        long n = shape.n();
        long d = shape.dHead();
        long heads = shape.heads();
        if (landmarks >= n) {
            return new AttentionCost(heads * n * n * (4 * d + 4), heads * n * Float.BYTES);
        }
        long m = landmarks;
        long perHead = 2 * n * d + 2 * m * d
                + 2 * m * m * d + 4 * m * m
                + IterativePinv.flops(m, pinvIterations)
                + 4 * n * m * d + 4 * n * m
                + 2 * m * m * d
                + 4 * n * m * d + 4 * n * m;
        long scratchBytes = heads * NystromScratch.nystromFloats(n, m, d) * Float.BYTES + (m + 1) * Integer.BYTES;
        return new AttentionCost(heads * perHead, scratchBytes);
    }

    @Override
    public java.util.OptionalLong heldScratchBytes() {
        return java.util.OptionalLong.of(allocatedScratchBytes());
    }

    /** Bytes this instance holds in scratch now; tests compare it with the cost model. */
    long allocatedScratchBytes() {
        long bytes = (long) segmentStarts.length * Integer.BYTES;
        for (NystromScratch s : scratch) {
            bytes += s.bytes();
        }
        return bytes;
    }

    private void ensureHeads(int heads) {
        if (scratch.length < heads) {
            NystromScratch[] grown = Arrays.copyOf(scratch, heads);
            for (int h = scratch.length; h < heads; h++) {
                grown[h] = new NystromScratch();
            }
            scratch = grown;
        }
    }

    private static int realTokens(AttentionInput in) {
        int real = 0;
        for (int j = 0; j < in.n(); j++) {
            if (in.keyValid(j)) {
                real++;
            }
        }
        return real;
    }
}
