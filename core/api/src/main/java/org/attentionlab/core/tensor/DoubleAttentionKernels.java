package org.attentionlab.core.tensor;

import java.util.Arrays;

/**
 * The softmax and the score dot product in double precision, for code that forms attention probabilities
 * off the timed path and needs them exact to double rounding (the runners' diagnostics: entropy and pattern
 * coverage of full attention). The same definition as {@link VectorKernels#softmax} (negative infinity marks
 * a hidden key, a row with every key hidden becomes zeros), so the project keeps one softmax; written as
 * plain loops on purpose: each product and sum is taken in double, in index order, and {@link Math#exp} is
 * used as is. Stateless and thread-safe; allocates nothing. DoubleAttentionKernelsTest checks it against the
 * float kernels and their scalar twins.
 */
public final class DoubleAttentionKernels {

    private DoubleAttentionKernels() {
    }

    /**
     * {@code sum_c a[ao + c] * b[bo + c]} for {@code c < len}, each product and the sum in double, in index order.
     *
     * @return 0 when {@code len == 0}
     */
    public static double dot(float[] a, int ao, float[] b, int bo, int len) {
        double sum = 0;
        for (int c = 0; c < len; c++) {
            sum += (double) a[ao + c] * b[bo + c];
        }
        return sum;
    }

    /**
     * In place softmax of the scores {@code s[off .. off + len)}: {@code exp(s_j - max) / sum}; negative
     * infinity marks a hidden key, which gets 0. Returns false, with the range zeroed, when every key is hidden
     * (or {@code len == 0}).
     */
    public static boolean softmax(double[] s, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + len; j++) {
            max = Math.max(max, s[j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(s, off, off + len, 0);
            return false;
        }
        double sum = 0;
        for (int j = off; j < off + len; j++) {
            double e = Math.exp(s[j] - max); // exp(-infinity) = 0
            s[j] = e;
            sum += e;
        }
        for (int j = off; j < off + len; j++) {
            s[j] /= sum;
        }
        return true;
    }
}
