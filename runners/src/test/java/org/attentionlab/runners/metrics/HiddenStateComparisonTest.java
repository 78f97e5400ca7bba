package org.attentionlab.runners.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HiddenStateComparisonTest {

    @Test
    void identicalStatesAgreeExactly() {
        float[] a = {1, 2, 3, -1, 0, 2};
        HiddenStateComparison c = new HiddenStateComparison(a, a.clone(), 2, 3);
        assertEquals(1.0, c.tokenCosineMean(), 1e-12);
        assertEquals(1.0, c.tokenCosineMin(), 1e-12);
        assertEquals(0.0, c.relL2());
        assertEquals(0.0, c.maxAbsError());
        assertEquals(1.0, c.embeddingCosine(), 1e-6);
    }

    @Test
    void metricsMatchHandComputedValues() {
        // token 0: (1,0) vs (1,0): cosine 1; token 1: (0,1) vs (1,1): cosine 1/sqrt(2)
        float[] variant = {1, 0, 0, 1};
        float[] reference = {1, 0, 1, 1};
        HiddenStateComparison c = new HiddenStateComparison(variant, reference, 2, 2);
        assertEquals((1 + 1 / Math.sqrt(2)) / 2, c.tokenCosineMean(), 1e-12);
        assertEquals(1 / Math.sqrt(2), c.tokenCosineMin(), 1e-12);
        assertEquals(1 / Math.sqrt(3), c.relL2(), 1e-12); // ||(0,0,-1,0)|| / ||(1,0,1,1)||
        assertEquals(1.0, c.maxAbsError(), 1e-12);
        // mean-pooled: variant (0.5, 0.5), reference (1, 0.5): cosine = 0.75 / (sqrt(0.5) * sqrt(1.25))
        assertEquals(0.75 / (Math.sqrt(0.5) * Math.sqrt(1.25)), c.embeddingCosine(), 1e-6);
    }

    @Test
    void paddingRowsAfterTheRealTokensAreIgnored() {
        float[] variant = {1, 0, 99, 99};
        float[] reference = {1, 0, -5, 3};
        HiddenStateComparison c = new HiddenStateComparison(variant, reference, 1, 2);
        assertEquals(0.0, c.maxAbsError());
        assertEquals(1.0, c.embeddingCosine(), 1e-6);
    }
}
