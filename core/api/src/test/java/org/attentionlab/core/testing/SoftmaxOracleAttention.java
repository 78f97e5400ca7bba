package org.attentionlab.core.testing;

import java.util.Arrays;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/**
 * Plain softmax attention, softmax(Q K^T / sqrt(d)) V per head with padded keys excluded: the oracle
 * core's tests use in place of the `full` plugin (core cannot depend on a plugin module; the runners'
 * tests run the same parity with the real plugin). The loops are ordered so that the JIT vectorises
 * the inner ones (K is transposed first), which keeps the 512-token parity tests to seconds; the
 * softmax itself runs in double. Heads run in parallel on the kernel pool. Allocation-free once its
 * scratch has grown (apart from the pool's task objects).
 */
public final class SoftmaxOracleAttention implements Attention {

    // per head, so heads can run in parallel
    private float[][] keysT = new float[0][];
    private float[][] scores = new float[0][];
    private float[][] acc = new float[0][];

    @Override
    public void forward(AttentionInput in, float[][] out) {
        int n = in.n();
        int d = in.dHead();
        int heads = in.heads();
        if (keysT.length < heads || keysT[0].length < n * d || acc[0].length < d) {
            keysT = new float[heads][n * d];
            scores = new float[heads][n];
            acc = new float[heads][d];
        }
        Parallel.forRange(heads, h -> head(in, h, out[h]));
    }

    private void head(AttentionInput in, int h, float[] o) {
        int n = in.n();
        int d = in.dHead();
        double scale = 1.0 / Math.sqrt(d);
        float[] q = in.q()[h];
        float[] k = in.k()[h];
        float[] v = in.v()[h];
        float[] kT = keysT[h];
        float[] s = scores[h];
        float[] a = acc[h];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < d; c++) {
                kT[c * n + j] = k[j * d + c];
            }
        }
        for (int i = 0; i < n; i++) {
            int keys = in.causal() ? i + 1 : n;
            Arrays.fill(s, 0, keys, 0f);
            for (int c = 0; c < d; c++) {
                float qc = q[i * d + c];
                int row = c * n;
                for (int j = 0; j < keys; j++) {
                    s[j] += qc * kT[row + j];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) {
                if (in.keyValid(j)) {
                    max = Math.max(max, s[j] * scale);
                }
            }
            Arrays.fill(a, 0, d, 0f);
            double sum = 0;
            for (int j = 0; j < keys; j++) {
                if (!in.keyValid(j)) {
                    continue;
                }
                double e = Math.exp(s[j] * scale - max);
                sum += e;
                float p = (float) e;
                int vo = j * d;
                for (int c = 0; c < d; c++) {
                    a[c] += p * v[vo + c];
                }
            }
            float inv = sum == 0 ? 0f : (float) (1.0 / sum);
            for (int c = 0; c < d; c++) {
                o[i * d + c] = a[c] * inv;
            }
        }
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long pairs = (long) shape.n() * shape.n();
        return new AttentionCost(shape.heads() * pairs * shape.dHead() * 4L, (long) shape.n() * (shape.dHead() + 1) * Float.BYTES);
    }
}
