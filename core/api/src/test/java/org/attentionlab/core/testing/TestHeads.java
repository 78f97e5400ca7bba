package org.attentionlab.core.testing;

import java.util.Random;

/** Random per-head Q/K/V and padding masks with fixed seeds, plus the comparisons attention tests share (published in core's test-jar for the plugin modules). */
public final class TestHeads {

    private TestHeads() {
    }

    /** {@code heads} arrays of {@code n x d} standard Gaussian values, drawn head by head. */
    public static float[][] gaussian(Random random, int heads, int n, int d) {
        return scaledGaussian(random, heads, n * d, 1.0); // x * 1.0 is x: the same values as drawn unscaled
    }

    /**
     * {@code heads} arrays of {@code length} Gaussian values times {@code scale}, drawn head by head; a length past
     * {@code n x d} leaves values a plugin must not read. With scale 1 the draws equal {@link #gaussian}'s.
     */
    public static float[][] scaledGaussian(Random random, int heads, int length, double scale) {
        float[][] x = new float[heads][length];
        for (float[] head : x) {
            for (int i = 0; i < head.length; i++) {
                head[i] = (float) (random.nextGaussian() * scale);
            }
        }
        return x;
    }

    /** About three keys in ten padded, at random positions (possibly none, possibly all). */
    public static boolean[] randomPadding(Random random, int n) {
        boolean[] mask = new boolean[n];
        for (int j = 0; j < n; j++) {
            mask[j] = random.nextDouble() > 0.3;
        }
        return mask;
    }

    /** Output buffers filled with NaN, so an element the attention forgets to write fails the comparison. */
    public static float[][] poisoned(int heads, int length) {
        float[][] out = new float[heads][length];
        for (float[] head : out) {
            java.util.Arrays.fill(head, Float.NaN);
        }
        return out;
    }

    /** The first {@code real} keys are tokens, the rest padding. */
    public static boolean[] trailingPadding(int n, int real) {
        boolean[] mask = new boolean[n];
        java.util.Arrays.fill(mask, 0, real, true);
        return mask;
    }

    /** Roughly a quarter of the keys padded, scattered, never all of them. */
    public static boolean[] scatteredPadding(Random random, int n) {
        boolean[] mask = new boolean[n];
        for (int j = 0; j < n; j++) {
            mask[j] = random.nextInt(4) != 0;
        }
        mask[n / 2] = true;
        return mask;
    }

    public static double[] toDouble(float[] x, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    /**
     * Every one of the first {@code n x d} outputs of every head within {@code tolerance} of {@code expected}; else an
     * {@link AssertionError} naming the head, row and column (a NaN, such as a {@link #poisoned} value left unwritten,
     * is never within).
     */
    public static void assertWithin(double[][] expected, float[][] actual, int n, int d, double tolerance) {
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

    /** Largest |actual - expected| over the first expected.length values. */
    public static double maxAbsDiff(double[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        return worst;
    }
}
