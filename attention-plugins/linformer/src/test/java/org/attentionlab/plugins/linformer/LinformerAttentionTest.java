package org.attentionlab.plugins.linformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.attentionlab.core.testing.TestHeads;

class LinformerAttentionTest {

    private static final int HEADS = 2;
    private static final int D = 16;

    private static float[][] run(LinformerAttention attention, float[][] q, float[][] k, float[][] v, int n, boolean[] mask) {
        float[][] out = new float[q.length][n * D];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, D, mask, false), out);
        return out;
    }

    /** The explicit k x n projection, padded keys' columns zero, then softmax(Q (EK)^T / sqrt d) (EV) in double. */
    static double[] oracle(float[] q, float[] kf, float[] v, int n, int d, boolean[] mask, int k, long seed) {
        double[][] e = new double[k][n];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < n; j++) {
                e[r][j] = mask == null || mask[j] ? RandomProjection.entry(seed, k, j, r) : 0;
            }
        }
        double[][] ek = new double[k][d];
        double[][] ev = new double[k][d];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    ek[r][c] += e[r][j] * kf[j * d + c];
                    ev[r][c] += e[r][j] * v[j * d + c];
                }
            }
        }
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] score = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < d; c++) {
                    score[r] += q[i * d + c] * ek[r][c];
                }
                score[r] /= Math.sqrt(d);
                max = Math.max(max, score[r]);
            }
            double sum = 0;
            for (int r = 0; r < k; r++) {
                score[r] = Math.exp(score[r] - max);
                sum += score[r];
            }
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < d; c++) {
                    out[i * d + c] += score[r] / sum * ev[r][c];
                }
            }
        }
        return out;
    }

    @Test
    void matchesTheExplicitProjection() {
        int n = 53;
        Random random = new Random(301);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        for (int rows : new int[] {1, 8, 80}) {
            for (boolean[] mask : new boolean[][] {null, padded}) {
                float[][] out = run(new LinformerAttention(new RandomProjection(rows, 5)), q, k, v, n, mask);
                for (int h = 0; h < HEADS; h++) {
                    double diff = TestHeads.maxAbsDiff(oracle(q[h], k[h], v[h], n, D, mask, rows, 5), out[h]);
                    assertTrue(diff < 1e-4, "k=" + rows + " padded=" + (mask != null) + " head " + h + ": " + diff);
                }
            }
        }
    }

    @Test
    void trailingPaddingGivesTheUnpaddedOutputWhateverThePaddingHolds() {
        int n = 40;
        int real = 27;
        Random random = new Random(302);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        float[][] unpadded = run(new LinformerAttention(new RandomProjection(6, 0)), q, k, v, real, null);
        for (float[][] x : new float[][][] {k, v}) {
            for (float[] head : x) {
                Arrays.fill(head, real * D, n * D, 100f);
            }
        }
        float[][] padded = run(new LinformerAttention(new RandomProjection(6, 0)), q, k, v, n, TestHeads.trailingPadding(n, real));
        for (int h = 0; h < HEADS; h++) {
            assertArrayEquals(unpadded[h], Arrays.copyOf(padded[h], real * D), "head " + h);
        }
    }

    @Test
    void everyKeyPaddedGivesZeros() {
        int n = 9;
        float[][] x = TestHeads.gaussian(new Random(303), 1, n, D);
        assertArrayEquals(new float[n * D], run(new LinformerAttention(new RandomProjection(4, 0)), x, x, x, n, new boolean[n])[0]);
    }

    @Test
    void causalIsRefusedWithAClearMessage() {
        LinformerAttention attention = new LinformerAttention(new RandomProjection(4, 0));
        float[][] x = new float[1][8 * D];
        assertEquals("linformer does not support causal attention", assertThrows(UnsupportedOperationException.class,
                () -> attention.forward(new AttentionInput(x, x, x, 8, D, null, true), new float[1][8 * D])).getMessage());
        assertEquals("linformer does not support causal attention", assertThrows(UnsupportedOperationException.class,
                () -> attention.cost(new AttentionShape(8, 1, D, true))).getMessage());
    }

    @Test
    void projectionIsAScaledStandardGaussianFixedBySeedAndColumn() {
        int k = 64;
        int n = 2000;
        RandomProjection projection = new RandomProjection(k, 11);
        float[] e = projection.columns(n);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n * k; i++) {
            double g = e[i] * Math.sqrt(k);
            sum += g;
            squares += g * g;
        }
        double mean = sum / (n * k);
        double variance = squares / (n * k) - mean * mean;
        assertTrue(Math.abs(mean) < 0.02, "mean " + mean);
        assertTrue(Math.abs(variance - 1) < 0.03, "variance " + variance);
        // a shorter E is a prefix of a longer one, and the same (seed, k) gives the same E in another instance
        float[] shorter = new RandomProjection(k, 11).columns(100);
        assertArrayEquals(Arrays.copyOf(shorter, 100 * k), Arrays.copyOf(e, 100 * k));
        assertEquals(RandomProjection.entry(11, k, 1999, 63), e[1999 * k + 63]);
        assertNotEquals(RandomProjection.entry(12, k, 5, 5), RandomProjection.entry(11, k, 5, 5));
        // growing after use keeps the columns already handed out
        RandomProjection growing = new RandomProjection(k, 11);
        growing.columns(10);
        assertArrayEquals(Arrays.copyOf(e, 300 * k), Arrays.copyOf(growing.columns(300), 300 * k));
    }

    @Test
    void costIsLinearInN() {
        LinformerAttention attention = new LinformerAttention(new RandomProjection(64, 0));
        AttentionCost c1 = attention.cost(new AttentionShape(4096, 12, 64, false));
        AttentionCost c2 = attention.cost(new AttentionShape(8192, 12, 64, false));
        assertEquals(2.0, (double) c2.flops() / c1.flops());
        assertEquals(4096L * 64 * Float.BYTES, c2.scratchBytes() - c1.scratchBytes(), "E grows by one column per token");
    }

}
