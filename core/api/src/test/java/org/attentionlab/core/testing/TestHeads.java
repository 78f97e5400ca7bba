package org.attentionlab.core.testing;

import java.util.Random;

/** Random per-head Q/K/V and padding masks with fixed seeds, plus the comparisons attention tests share (published in core's test-jar for the plugin modules). */
public final class TestHeads {

    private TestHeads() {
    }

    public static float[][] gaussian(Random random, int heads, int n, int d) {
        float[][] x = new float[heads][n * d];
        for (float[] head : x) {
            for (int i = 0; i < head.length; i++) {
                head[i] = (float) random.nextGaussian();
            }
        }
        return x;
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

    /** Largest |actual - expected| over the first expected.length values. */
    public static double maxAbsDiff(double[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        return worst;
    }
}
