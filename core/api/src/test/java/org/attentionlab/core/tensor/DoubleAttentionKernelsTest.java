package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The double-precision softmax and dot are the float kernels' definition in double: they agree with
 * {@link VectorKernels} and {@link ScalarAttentionKernels} to float rounding on the same scores, hidden keys
 * get 0, an all-hidden row is zeros, and scores far above exp's range do not overflow.
 */
class DoubleAttentionKernelsTest {

    private final Random random = new Random(20261202L);

    @Test
    void softmaxAgreesWithTheFloatKernelsAndTheirScalarTwins() {
        for (int len : new int[] {1, 7, 16, 17, 33, 513}) {
            float[] scores = new float[len + 2];
            for (int j = 0; j < scores.length; j++) {
                scores[j] = (float) (3 * random.nextGaussian());
                if (j % 5 == 3) {
                    scores[j] = Float.NEGATIVE_INFINITY;
                }
            }
            float[] vector = scores.clone();
            float[] scalar = scores.clone();
            double[] exact = new double[scores.length];
            for (int j = 0; j < scores.length; j++) {
                exact[j] = scores[j];
            }
            assertTrue(VectorKernels.softmax(vector, 2, len, 1f));
            assertTrue(ScalarAttentionKernels.softmax(scalar, 2, len, 1f));
            assertTrue(DoubleAttentionKernels.softmax(exact, 2, len));
            double total = 0;
            for (int j = 2; j < 2 + len; j++) {
                assertEquals(exact[j], vector[j], 1e-6, "vector, len=" + len + " j=" + j);
                assertEquals(exact[j], scalar[j], 1e-6, "scalar, len=" + len + " j=" + j);
                if (scores[j] == Float.NEGATIVE_INFINITY) {
                    assertEquals(0.0, exact[j], "hidden key, len=" + len + " j=" + j);
                }
                total += exact[j];
            }
            assertEquals(1.0, total, 1e-12, "len=" + len);
            assertEquals(scores[0], exact[0], "outside the range");
            assertEquals(scores[1], exact[1], "outside the range");
        }
    }

    @Test
    void everyKeyHiddenGivesZerosAndFalse() {
        double[] s = {7, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 9};
        assertFalse(DoubleAttentionKernels.softmax(s, 1, 2));
        assertEquals(7.0, s[0]);
        assertEquals(0.0, s[1]);
        assertEquals(0.0, s[2]);
        assertEquals(9.0, s[3]);
        assertFalse(DoubleAttentionKernels.softmax(s, 0, 0));
    }

    @Test
    void largeScoresDoNotOverflow() {
        double[] s = {1000, 1001, Double.NEGATIVE_INFINITY};
        assertTrue(DoubleAttentionKernels.softmax(s, 0, 3));
        assertEquals(1 / (1 + Math.E), s[0], 1e-15);
        assertEquals(Math.E / (1 + Math.E), s[1], 1e-15);
        assertEquals(0.0, s[2]);
    }

    @Test
    void dotIsTheDoubleSumOfFloatProducts() {
        float x = 1f + 0x1p-12f;
        float[] a = {x, x, x};
        float[] b = {x, x, x};
        // each product is 1 + 2^-11 + 2^-24: 25 bits, so float rounds the 2^-24 away and double keeps it exactly
        assertEquals(3 * (1 + 0x1p-11 + 0x1p-24), DoubleAttentionKernels.dot(a, 0, b, 0, 3));
        assertTrue(VectorKernels.dot(a, 0, b, 0, 3) != DoubleAttentionKernels.dot(a, 0, b, 0, 3));
        assertEquals(1 + 0x1p-11 + 0x1p-24, DoubleAttentionKernels.dot(a, 1, b, 2, 1));
        assertEquals(0.0, DoubleAttentionKernels.dot(a, 1, b, 1, 0));
    }
}
