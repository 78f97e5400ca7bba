package org.attentionlab.core.tensor;

import java.util.Arrays;

/**
 * One step of the online softmax (Milakov and Gimelshein 2018; FlashAttention's schedule): a query meets
 * one more span of keys. It keeps a running maximum m and sum l of its exponentials; when the span raises
 * m, the output row accumulated so far and l are rescaled by {@code exp((m_old - m_new) * scale)}. The
 * span's scores become unnormalised weights {@code exp((s - m) * scale)} in place, ready for the weighted
 * sum; the caller divides the output row by l at the end. Stateless; {@link ScalarAttentionKernels#step}
 * is its scalar twin.
 */
public final class OnlineSoftmax {

    private OnlineSoftmax() {
    }

    /**
     * Folds one span of scores into a query's running softmax and rescales its output row if the maximum grows.
     *
     * @param s       scores {@code s[off .. off + len)} in raw units (negative infinity: hidden), replaced by weights
     * @param state   {@code state[maxAt]} the running maximum (negative infinity before the first key),
     *                {@code state[sumAt]} the running sum; both updated
     * @param scale   the factor turning a raw score into a logit (1/sqrt(d), or 1 for logits)
     * @param out     the query's output row {@code out[oo .. oo + d)}, rescaled when the maximum grows
     * @return false when every key of the span is hidden (the weights are then all 0)
     */
    public static boolean step(float[] s, int off, int len, float[] state, int maxAt, int sumAt, float scale,
                               float[] out, int oo, int d) {
        float spanMax = VectorKernels.max(s, off, len);
        if (spanMax == Float.NEGATIVE_INFINITY) {
            Arrays.fill(s, off, off + len, 0f);
            return false;
        }
        float oldMax = state[maxAt];
        if (spanMax > oldMax) {
            if (oldMax != Float.NEGATIVE_INFINITY) {
                float correction = (float) Math.exp((oldMax - spanMax) * scale);
                state[sumAt] *= correction;
                VectorKernels.scale(out, oo, d, correction);
            }
            state[maxAt] = spanMax;
        }
        state[sumAt] += VectorKernels.expShifted(s, off, len, state[maxAt], scale);
        return true;
    }
}
