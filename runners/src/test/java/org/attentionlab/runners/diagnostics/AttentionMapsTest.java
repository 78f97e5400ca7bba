package org.attentionlab.runners.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The dense attention map and its statistics against values worked out by hand. */
class AttentionMapsTest {

    @Test
    void entropyOfUniformAttentionIsLnN() {
        int n = 7;
        double[] p = new double[n * n];
        java.util.Arrays.fill(p, 1.0 / n);
        assertEquals(Math.log(n), AttentionMaps.entropy(p, n, null), 1e-12);
    }

    @Test
    void entropyIsTheMeanOverRealQueryRows() {
        // row 0 one-hot (entropy 0), row 1 half-half (ln 2), row 2 padding: left out of the mean
        double[] p = {
            1, 0, 0,
            0.5, 0.5, 0,
            0.2, 0.3, 0.5};
        assertEquals(Math.log(2) / 2, AttentionMaps.entropy(p, 3, new boolean[] {true, true, false}), 1e-12);
        double row2 = -(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5));
        assertEquals((Math.log(2) + row2) / 3, AttentionMaps.entropy(p, 3, null), 1e-12);
    }

    @Test
    void coverageIsTheMassInsideThePatternMeanOverRows() {
        double[] p = {
            0.7, 0.2, 0.1,
            0.1, 0.6, 0.3,
            0.25, 0.25, 0.5};
        boolean[] band = {
            true, true, false,
            true, true, true,
            false, true, true};
        assertEquals((0.9 + 1.0 + 0.75) / 3, AttentionMaps.coverage(p, 3, null, band), 1e-12);
        assertEquals((0.9 + 1.0) / 2, AttentionMaps.coverage(p, 3, new boolean[] {true, true, false}, band), 1e-12);
    }

    @Test
    void probabilitiesAreTheScaledSoftmaxOfQDotK() {
        // d = 4, so scores are q.k / 2: q0.k = (2, 0), q1.k = (0, 4) -> rows softmax(1, 0), softmax(0, 2)
        float[] q = {1, 1, 0, 0, 0, 0, 2, 2};
        float[] k = {1, 1, 0, 0, 0, 0, 1, 1};
        double[] p = AttentionMaps.probabilities(q, k, 2, 4, null, false);
        double e1 = Math.exp(1);
        double e2 = Math.exp(2);
        assertArrayEquals(new double[] {e1 / (e1 + 1), 1 / (e1 + 1), 1 / (1 + e2), e2 / (1 + e2)}, p, 1e-12);
    }

    @Test
    void maskedAndFutureKeysGetNoWeight() {
        float[] q = {1, 2, 3};
        float[] k = {3, 1, 2};
        double[] causal = AttentionMaps.probabilities(q, k, 3, 1, null, true);
        assertArrayEquals(new double[] {1, 0, 0}, java.util.Arrays.copyOfRange(causal, 0, 3), 1e-12);
        assertEquals(0, causal[1 * 3 + 2]);
        double[] masked = AttentionMaps.probabilities(q, k, 3, 1, new boolean[] {true, false, true}, false);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, masked[i * 3 + 1], "padded key 1 in row " + i);
            assertEquals(1, masked[i * 3] + masked[i * 3 + 2], 1e-12);
        }
    }

    @Test
    void patternMaskAsksThePatternForEveryPair() {
        boolean[] mask = AttentionMaps.patternMask((i, j, n, causal) -> Math.abs(i - j) <= 1, 3, false);
        assertArrayEquals(new boolean[] {true, true, false, true, true, true, false, true, true}, mask);
    }
}
