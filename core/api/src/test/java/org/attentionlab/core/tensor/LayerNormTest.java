package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LayerNormTest {

    /** The definition, row by row, in double. */
    private static float[] oracle(float[] x, int rows, int width, float[] gamma, float[] beta, double eps) {
        float[] out = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < width; i++) {
                mean += x[r * width + i];
            }
            mean /= width;
            double var = 0;
            for (int i = 0; i < width; i++) {
                double d = x[r * width + i] - mean;
                var += d * d;
            }
            var /= width;
            for (int i = 0; i < width; i++) {
                out[r * width + i] = (float) ((x[r * width + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i]);
            }
        }
        return out;
    }

    @Test
    void normalisesEachRowWithScaleAndShift() {
        Random random = new Random(3);
        int rows = 5;
        int width = 48;
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3f + 10f * (float) random.nextGaussian();
        }
        float[] gamma = new float[width];
        float[] beta = new float[width];
        for (int i = 0; i < width; i++) {
            gamma[i] = 0.5f + random.nextFloat();
            beta[i] = random.nextFloat() - 0.5f;
        }
        float[] expected = oracle(x, rows, width, gamma, beta, 1e-12);
        float[] out = new float[x.length];
        LayerNorm.apply(x, rows, width, gamma, beta, 1e-12f, out);
        assertArrayEquals(expected, out, 1e-6f);
        LayerNorm.apply(x, rows, width, gamma, beta, 1e-12f, x);
        assertArrayEquals(out, x, 0f);
    }

    /**
     * Sums in float (16 lanes, two accumulators, then the lanes) against the double oracle: the mean and
     * the variance carry a relative error of a few 1e-7 for these widths, which moves an output of
     * magnitude |y| by about that much relative, plus its own rounding. 1e-6 (1 + |y|) holds it with
     * room; a mean or a variance off by one element, or a missed tail, is off by orders of magnitude.
     */
    private static void assertNearOracle(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            float allowed = 1e-6f * (1f + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= allowed)) {
                throw new AssertionError(what + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    @Test
    void awkwardWidthsAndTheFusedResidualMatchTheOracle() {
        Random random = new Random(11);
        for (int width : new int[] {1, 7, 16, 17, 33, 384, 513}) {
            for (int threads : new int[] {1, 3}) {
                int rows = 4;
                float[] x = new float[rows * width];
                float[] residual = new float[rows * width];
                float[] sum = new float[rows * width];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 3f + 10f * (float) random.nextGaussian();
                    residual[i] = (float) random.nextGaussian();
                    sum[i] = x[i] + residual[i];
                }
                float[] gamma = new float[width];
                float[] beta = new float[width];
                for (int i = 0; i < width; i++) {
                    gamma[i] = 0.5f + random.nextFloat();
                    beta[i] = random.nextFloat() - 0.5f;
                }
                float[] expected = oracle(sum, rows, width, gamma, beta, 1e-12);
                Parallel.setThreads(threads);
                try {
                    float[] out = new float[x.length];
                    LayerNorm.apply(sum, rows, width, gamma, beta, 1e-12f, out);
                    assertNearOracle(expected, out, "apply width " + width);

                    float[] a = x.clone();
                    LayerNorm.addAndApply(a, residual, rows, width, gamma, beta, 1e-12f, out);
                    assertNearOracle(expected, out, "addAndApply width " + width);
                    assertArrayEquals(sum, a, 0f, "x is left holding x + residual");

                    float[] b = x.clone();
                    float[] r = residual.clone();
                    LayerNorm.addAndApply(b, r, rows, width, gamma, beta, 1e-12f, r);
                    assertArrayEquals(out, r, 0f, "out may be the residual");
                    float[] c = x.clone();
                    LayerNorm.addAndApply(c, residual, rows, width, gamma, beta, 1e-12f, c);
                    assertArrayEquals(out, c, 0f, "out may be x");
                } finally {
                    Parallel.setThreads(1);
                }
            }
        }
    }

    @Test
    void constantRowGivesTheShiftAndEpsilonMatters() {
        float[] x = {2f, 2f, 2f, 2f};
        float[] gamma = {1f, 1f, 1f, 1f};
        float[] beta = {0.1f, 0.2f, 0.3f, 0.4f};
        float[] out = new float[4];
        LayerNorm.apply(x, 1, 4, gamma, beta, 1e-12f, out);
        assertArrayEquals(beta, out, 0f);
        // variance 1 with eps 1: everything divided by sqrt(2)
        float[] y = {1f, -1f, 1f, -1f};
        LayerNorm.apply(y, 1, 4, gamma, new float[4], 1f, out);
        assertEquals((float) (1 / Math.sqrt(2)), out[0], 1e-7f);
    }

    @Test
    void refusesMismatchedScale() {
        assertThrows(IllegalArgumentException.class, () -> LayerNorm.apply(new float[4], 1, 4, new float[3], new float[4], 1e-5f, new float[4]));
    }
}
