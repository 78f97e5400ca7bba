package org.attentionlab.plugins.nystrom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class NystromAttentionTest {

    private static final int HEADS = 2;
    private static final int D = 16;

    private static float[][] run(NystromAttention attention, float[][] q, float[][] k, float[][] v, int n, boolean[] mask) {
        float[][] out = new float[q.length][n * D];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, D, mask, false), out);
        return out;
    }

    private static void assertMatchesOracle(int n, int m, int iterations, boolean[] mask, long seed) {
        Random random = new Random(seed);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        float[][] out = run(new NystromAttention(m, iterations), q, k, v, n, mask);
        for (int h = 0; h < HEADS; h++) {
            double[] expected = NystromOracle.attention(q[h], k[h], v[h], n, D, mask, m, iterations, NystromOracle.Inverse.NEWTON);
            double diff = TestHeads.maxAbsDiff(expected, out[h]);
            assertTrue(diff < 1e-4, "head " + h + ": max |diff| " + diff);
        }
    }

    @Test
    void matchesExplicitLandmarkMatricesWhenNIsNotAMultipleOfM() {
        assertMatchesOracle(50, 8, 6, null, 11);
    }

    @Test
    void matchesExplicitLandmarkMatricesWithScatteredPadding() {
        assertMatchesOracle(61, 7, 6, TestHeads.scatteredPadding(new Random(5), 61), 12);
    }

    @Test
    void matchesExplicitLandmarkMatricesWithOneIterationAndOneLandmark() {
        assertMatchesOracle(20, 1, 1, TestHeads.trailingPadding(20, 13), 13);
    }

    /**
     * With landmarks that are far apart, A is well conditioned and enough iterations reach its exact inverse, so the
     * plugin must agree with the formula evaluated with a Gauss-Jordan inverse.
     */
    @Test
    void convergesToTheExactInverseWhenTheLandmarkKernelIsWellConditioned() {
        int n = 48;
        int m = 6;
        Random random = new Random(21);
        float[][] q = new float[1][n * D];
        float[][] k = new float[1][n * D];
        float[][] v = TestHeads.gaussian(random, 1, n, D);
        for (int i = 0; i < n; i++) {
            int segment = i / (n / m);
            for (int c = 0; c < D; c++) {
                float direction = c == segment ? 3f : 0f;
                q[0][i * D + c] = direction + 0.3f * (float) random.nextGaussian();
                k[0][i * D + c] = direction + 0.3f * (float) random.nextGaussian();
            }
        }
        float[][] out = run(new NystromAttention(m, 30), q, k, v, n, null);
        double[] exactInverse = NystromOracle.attention(q[0], k[0], v[0], n, D, null, m, 0, NystromOracle.Inverse.EXACT);
        double diff = TestHeads.maxAbsDiff(exactInverse, out[0]);
        assertTrue(diff < 1e-4, "max |diff| " + diff);
        // a single iteration is visibly not there yet, so the comparison above can tell
        float[][] one = run(new NystromAttention(m, 1), q, k, v, n, null);
        assertTrue(TestHeads.maxAbsDiff(exactInverse, one[0]) > 1e-3);
    }

    @Test
    void landmarksCoveringTheSequenceGiveExactSoftmaxAttention() {
        int n = 24;
        Random random = new Random(31);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        for (int m : new int[] {n, n + 9}) {
            for (boolean[] mask : new boolean[][] {null, padded}) {
                float[][] out = run(new NystromAttention(m, 6), q, k, v, n, mask);
                for (int h = 0; h < HEADS; h++) {
                    double diff = TestHeads.maxAbsDiff(NystromOracle.fullAttention(q[h], k[h], v[h], n, D, mask), out[h]);
                    assertTrue(diff < 1e-5, "m=" + m + " head " + h + ": max |diff| " + diff);
                }
            }
        }
        // m >= real tokens (not n) is enough: 10 real keys, 12 landmarks
        boolean[] tenReal = TestHeads.trailingPadding(n, 10);
        float[][] out = run(new NystromAttention(12, 6), q, k, v, n, tenReal);
        assertTrue(TestHeads.maxAbsDiff(NystromOracle.fullAttention(q[0], k[0], v[0], n, D, tenReal), out[0]) < 1e-5);
    }

    @Test
    void trailingPaddingGivesTheUnpaddedOutputWhateverThePaddingHolds() {
        int n = 40;
        int real = 29;
        Random random = new Random(41);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        float[][] padded = run(new NystromAttention(5, 6), q, k, v, n, TestHeads.trailingPadding(n, real));
        float[][] unpadded = run(new NystromAttention(5, 6), q, k, v, real, null);
        for (float[][] x : new float[][][] {q, k, v}) {
            for (float[] head : x) {
                Arrays.fill(head, real * D, n * D, 100f); // garbage in the padding
            }
        }
        float[][] garbage = run(new NystromAttention(5, 6), q, k, v, n, TestHeads.trailingPadding(n, real));
        for (int h = 0; h < HEADS; h++) {
            // equal up to float rounding: the vector softmax sums a row of 40 (padding weighs 0) in another order than 29
            assertArrayEquals(unpadded[h], Arrays.copyOf(padded[h], real * D), 1e-6f, "head " + h);
            // what the padded keys hold does not matter at all to the real rows
            assertArrayEquals(Arrays.copyOf(padded[h], real * D), Arrays.copyOf(garbage[h], real * D), "head " + h);
        }
    }

    @Test
    void everyKeyPaddedGivesZeros() {
        int n = 10;
        Random random = new Random(51);
        float[][] q = TestHeads.gaussian(random, 1, n, D);
        float[][] out = run(new NystromAttention(3, 6), q, q, q, n, new boolean[n]);
        assertArrayEquals(new float[n * D], out[0]);
    }

    @Test
    void causalIsRefusedWithAClearMessage() {
        NystromAttention attention = new NystromAttention(4, 6);
        float[][] x = new float[1][8 * D];
        UnsupportedOperationException forward = assertThrows(UnsupportedOperationException.class,
                () -> attention.forward(new AttentionInput(x, x, x, 8, D, null, true), new float[1][8 * D]));
        assertEquals("nystrom does not support causal attention", forward.getMessage());
        UnsupportedOperationException cost = assertThrows(UnsupportedOperationException.class,
                () -> attention.cost(new AttentionShape(8, 1, D, true)));
        assertEquals("nystrom does not support causal attention", cost.getMessage());
    }

    @Test
    void segmentsAreNearEqualRunsOfRealTokens() {
        int[] starts = new int[5];
        LandmarkSegments.starts(null, 10, 10, 4, starts);
        assertArrayEquals(new int[] {0, 2, 5, 7, 10}, starts); // sizes 2, 3, 2, 3
        boolean[] mask = {true, false, true, true, false, false, true, true, true, false};
        // real positions 0, 2, 3, 6, 7, 8: ranks [0,2) [2,4) [4,6) -> first positions 0, 3, 7
        LandmarkSegments.starts(mask, 10, 6, 3, starts);
        assertArrayEquals(new int[] {0, 3, 7, 10}, Arrays.copyOf(starts, 4));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        float[] means = new float[3];
        LandmarkSegments.means(x, 1, mask, 6, 3, starts, means);
        assertArrayEquals(new float[] {2f, 5.5f, 8.5f}, means); // (1+3)/2, (4+7)/2, (8+9)/2
    }

    @Test
    void costIsLinearInNAndScratchGrowsByOneScoreRowPerHead() {
        NystromAttention attention = new NystromAttention(64, 6);
        AttentionCost c1 = attention.cost(new AttentionShape(2048, 12, 64, false));
        AttentionCost c2 = attention.cost(new AttentionShape(4096, 12, 64, false));
        AttentionCost c4 = attention.cost(new AttentionShape(8192, 12, 64, false));
        assertEquals(2 * (c2.flops() - c1.flops()), c4.flops() - c2.flops(), "FLOPs affine in n");
        double ratio = (double) c4.flops() / c2.flops();
        assertTrue(ratio > 1.9 && ratio <= 2.0, "cost(2n)/cost(n) = " + ratio);
        assertEquals(12L * 4096 * Float.BYTES, c4.scratchBytes() - c2.scratchBytes());
        // landmarks covering n: the exact path, quadratic
        AttentionCost small = attention.cost(new AttentionShape(32, 12, 64, false));
        AttentionCost small2 = attention.cost(new AttentionShape(64, 12, 64, false));
        assertEquals(4.0, (double) small2.flops() / small.flops());
    }

}
