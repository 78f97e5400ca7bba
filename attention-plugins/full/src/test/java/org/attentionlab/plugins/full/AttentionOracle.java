package org.attentionlab.plugins.full;

import java.util.Random;
import org.attentionlab.core.testing.DenseSoftmaxOracle;

/** Random inputs and the textbook attention, in double, written from the definition for the tests. */
final class AttentionOracle {

    private AttentionOracle() {
    }

    /** {@code heads} buffers of {@code n*d} Gaussian values times {@code scale}, plus {@code extra} unused floats. */
    static float[][] random(Random random, int heads, int n, int d, double scale, int extra) {
        float[][] x = new float[heads][n * d + extra];
        for (float[] head : x) {
            for (int e = 0; e < head.length; e++) {
                head[e] = (float) (random.nextGaussian() * scale);
            }
        }
        return x;
    }

    /** About a third of the keys padded, at random positions. */
    static boolean[] randomMask(Random random, int n) {
        boolean[] mask = new boolean[n];
        for (int j = 0; j < n; j++) {
            mask[j] = random.nextDouble() > 0.3;
        }
        return mask;
    }

    /** Output buffers filled with NaN, so an element the attention forgets to write fails the comparison. */
    static float[][] poisoned(int heads, int length) {
        float[][] out = new float[heads][length];
        for (float[] head : out) {
            java.util.Arrays.fill(head, Float.NaN);
        }
        return out;
    }

    /** Softmax attention by the triple loop: query i sees real keys j (j <= i when causal); none visible -> zeros. */
    static double[][] attention(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] mask, boolean causal) {
        return DenseSoftmaxOracle.attention(q, k, v, n, d, mask, causal);
    }

    /** Every one of the first {@code n*d} outputs within {@code tolerance} of the oracle. */
    static void assertClose(double[][] expected, float[][] actual, int n, int d, double tolerance) {
        for (int h = 0; h < expected.length; h++) {
            for (int e = 0; e < n * d; e++) {
                double diff = Math.abs(expected[h][e] - actual[h][e]);
                if (!(diff <= tolerance)) {
                    throw new AssertionError("head " + h + " row " + e / d + " col " + e % d + ": expected "
                            + expected[h][e] + ", got " + actual[h][e]);
                }
            }
        }
    }
}
