package org.attentionlab.plugins.slidingwindow;

import org.attentionlab.core.testing.DenseSoftmaxOracle;

/**
 * The test's reference: dense softmax attention over all n x n pairs with a boolean mask written from
 * the definition of the pattern, in double. Slow and simple on purpose.
 */
final class DenseMaskOracle {

    /** Query i may see key j (padding aside). */
    interface Mask {
        boolean visible(int i, int j);
    }

    private DenseMaskOracle() {
    }

    /** The band-and-global mask straight from the parameter descriptions. */
    static Mask bandAndGlobal(int window, int globalTokens, boolean causal) {
        return (i, j) -> {
            if (causal && j > i) {
                return false;
            }
            if (i < globalTokens || j < globalTokens) {
                return true;
            }
            return causal ? i - window < j : Math.abs(i - j) <= window / 2;
        };
    }

    /**
     * With sinks and dilation: sinks are keys every query sees (causality aside); the band holds keys a
     * whole number of dilated steps away, up to window/2 steps each side, or window - 1 steps back when causal.
     */
    static Mask withSinksAndDilation(int window, int globalTokens, int sinks, int dilation, boolean causal) {
        return (i, j) -> {
            if (causal && j > i) {
                return false;
            }
            if (i < globalTokens || j < globalTokens || j < sinks) {
                return true;
            }
            int distance = Math.abs(i - j);
            if (distance % dilation != 0) {
                return false;
            }
            return causal ? distance / dilation <= window - 1 : distance / dilation <= window / 2;
        };
    }

    static double[][] attention(float[][] q, float[][] k, float[][] v, int n, int d, boolean[] padding, Mask mask) {
        return DenseSoftmaxOracle.attention(q, k, v, n, d, padding, mask::visible);
    }

}
