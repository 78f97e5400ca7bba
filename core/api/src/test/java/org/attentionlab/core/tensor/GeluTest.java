package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast float GELU of the hot path against the double reference {@link Gelu#gelu}. */
class GeluTest {

    /**
     * The bound the fast form keeps: erfc in float is off by up to about 1e-7 absolute (fit 2.2e-9, the
     * rest float rounding of the polynomial and the exp), which moves GELU by {@code |x|/2} times that,
     * plus half an ulp of the result (6e-8 relative). So 1.5e-7 absolute below |x| = 1 and 1.5e-7 relative
     * above; the reference's own error (one rounding of a double) is far below. A wrong coefficient, a
     * dropped term or the sign branches swapped miss it by orders of magnitude.
     */
    private static float bound(float x) {
        return 1.5e-7f * Math.max(1f, Math.abs(x));
    }

    @Test
    void scalarFastFormStaysWithinTheBoundEverywhere() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x += 1f / 4096) {
            float expected = Gelu.gelu(x);
            float got = Gelu.geluFast(x);
            assertEquals(expected, got, bound(x), "gelu(" + x + ")");
            worst = Math.max(worst, Math.abs(got - expected) / Math.max(1f, Math.abs(x)));
        }
        // the bound is not loose: the worst case uses a good part of it
        assertTrue(worst > 2e-8, "worst " + worst);
    }

    @Test
    void vectorFormStaysWithinTheBoundEverywhere() {
        int count = 24 * 8192 + 1;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -12f + i / 8192f;
        }
        float[] y = x.clone();
        Gelu.apply(y, 0, count);
        for (int i = 0; i < count; i++) {
            assertEquals(Gelu.gelu(x[i]), y[i], bound(x[i]), "gelu(" + x[i] + ")");
        }
    }

    @Test
    void specialValuesAndSaturation() {
        float[] x = {0f, -0f, 1f, -1f, 5.6f, 5.7f, -5.6f, -5.7f, 10f, -10f, 100f, -100f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NaN, 1e-30f, -1e-30f, Float.MIN_VALUE};
        float[] y = x.clone();
        Gelu.apply(y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            float expected = Gelu.gelu(x[i]);
            if (Float.isNaN(expected) || Float.isInfinite(expected)) {
                assertEquals(expected, y[i], 0f, "gelu(" + x[i] + ")");
                assertEquals(expected, Gelu.geluFast(x[i]), 0f, "scalar gelu(" + x[i] + ")");
            } else {
                assertEquals(expected, y[i], bound(x[i]), "gelu(" + x[i] + ")");
                assertEquals(expected, Gelu.geluFast(x[i]), bound(x[i]), "scalar gelu(" + x[i] + ")");
            }
        }
        assertEquals(10f, y[8], 0f);
        assertEquals(0f, y[11], 0f);
    }

    @Test
    void rowsOfAwkwardWidthsAreAllDoneAndNothingElseIsTouched() {
        Random random = new Random(5);
        for (int width : new int[] {1, 7, 15, 16, 17, 33, 513}) {
            for (int threads : new int[] {1, 3}) {
                int rows = 3;
                float[] x = new float[rows * width + 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (4 * random.nextGaussian());
                }
                float[] y = x.clone();
                Parallel.setThreads(threads);
                try {
                    // rows start at 1: the kernel works on offsets, and the guards on both sides stay as they were
                    Gelu.apply(y, 1, rows * width);
                } finally {
                    Parallel.setThreads(1);
                }
                assertEquals(x[0], y[0], 0f);
                assertEquals(x[x.length - 1], y[x.length - 1], 0f);
                for (int i = 1; i <= rows * width; i++) {
                    assertEquals(Gelu.gelu(x[i]), y[i], bound(x[i]), "width " + width + " at " + i);
                }
                float[] z = java.util.Arrays.copyOf(x, rows * width);
                Parallel.setThreads(threads);
                try {
                    Gelu.applyInPlace(z, rows, width);
                } finally {
                    Parallel.setThreads(1);
                }
                for (int i = 0; i < rows * width; i++) {
                    assertEquals(Gelu.gelu(x[i]), z[i], bound(x[i]), "applyInPlace width " + width + " at " + i);
                }
            }
        }
    }
}
