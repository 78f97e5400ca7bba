package org.attentionlab.plugins.full;

import org.attentionlab.core.testing.DenseSoftmaxOracle;

/** Random inputs and the textbook attention, in double, written from the definition for the tests. */
final class AttentionOracle {

    private AttentionOracle() {
    }

    /** Softmax attention by the triple loop: query i sees real keys j (j <= i when causal); none visible -> zeros. */
    static double[][] attention(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] mask, boolean causal) {
        return DenseSoftmaxOracle.attention(q, k, v, n, d, mask, causal);
    }

}
