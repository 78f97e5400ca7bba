package org.attentionlab.core.tensor;

import java.util.Arrays;

/**
 * Plain-loop twins of the vector kernels ({@link VectorKernels}, {@link RowMatrixKernels},
 * {@link GatherKernels}, {@link LinearAttentionKernels}, {@link DecodeKernels}, {@link OnlineSoftmax#step}), one per vector
 * method with the same name, signature and contract: the reference the vector kernels are tested against
 * (KernelPairsTest checks that every vector kernel has its twin here and that each pair agrees) and a
 * baseline for speed comparisons. Not used on the hot path. Stateless and thread-safe.
 */
public final class ScalarAttentionKernels {

    private ScalarAttentionKernels() {
    }

    /** The plain-loop twin of {@link VectorKernels#dot}: same arguments, same result up to float rounding. */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float sum = 0f;
        for (int c = 0; c < len; c++) {
            sum += a[ao + c] * b[bo + c];
        }
        return sum;
    }

    /** The plain-loop twin of {@link VectorKernels#axpy}: same arguments, same result up to float rounding. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        for (int c = 0; c < len; c++) {
            y[yo + c] += alpha * x[xo + c];
        }
    }

    /** The plain-loop twin of {@link VectorKernels#scale}: same arguments, same result up to float rounding. */
    public static void scale(float[] x, int off, int len, float factor) {
        for (int c = 0; c < len; c++) {
            x[off + c] *= factor;
        }
    }

    /** The plain-loop twin of {@link VectorKernels#max}: same arguments, same result up to float rounding. */
    public static float max(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < len; c++) {
            max = Math.max(max, x[off + c]);
        }
        return max;
    }

    /** The plain-loop twin of {@link VectorKernels#expShifted}: same arguments, same result up to float rounding. */
    public static float expShifted(float[] x, int off, int len, float shift, float scale) {
        float sum = 0f;
        for (int c = 0; c < len; c++) {
            x[off + c] = (float) Math.exp((x[off + c] - shift) * scale);
            sum += x[off + c];
        }
        return sum;
    }

    /** The plain-loop twin of {@link VectorKernels#softmax}: same arguments, same result up to float rounding. */
    public static boolean softmax(float[] s, int off, int len, float scale) {
        float max = max(s, off, len);
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(s, off, off + len, 0f);
            return false;
        }
        float sum = expShifted(s, off, len, max, scale);
        scale(s, off, len, 1f / sum);
        return true;
    }

    /** The plain-loop twin of {@link LinearAttentionKernels#eluPlusOne}: same arguments, same result up to float rounding. */
    public static void eluPlusOne(float[] x, int xo, float[] out, int oo, int len) {
        for (int c = 0; c < len; c++) {
            float value = x[xo + c];
            out[oo + c] = value > 0f ? value + 1f : (float) Math.exp(value);
        }
    }

    /** The plain-loop twin of {@link LinearAttentionKernels#relu}: same arguments, same result up to float rounding. */
    public static void relu(float[] x, int xo, float[] out, int oo, int len) {
        for (int c = 0; c < len; c++) {
            out[oo + c] = Math.max(x[xo + c], 0f);
        }
    }

    /** The plain-loop twin of {@link RowMatrixKernels#rowTimesMatrix}: same arguments, same result up to float rounding. */
    public static void rowTimesMatrix(float[] x, int xo, int rows, float[] m, int mo, int ld, int cols,
                                      float[] out, int oo, boolean accumulate) {
        for (int c = 0; c < cols; c++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += x[xo + r] * m[mo + r * ld + c];
            }
            out[oo + c] = accumulate ? out[oo + c] + sum : sum;
        }
    }

    /** The plain-loop twin of {@link RowMatrixKernels#rowsTimesMatrix}: same arguments, same result up to float rounding. */
    public static void rowsTimesMatrix(float[] x, int xo, int ldx, int rows, int inner, float[] m, int mo, int ldm,
                                       int cols, float[] out, int oo, int ldo, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            rowTimesMatrix(x, xo + r * ldx, inner, m, mo, ldm, cols, out, oo + r * ldo, accumulate);
        }
    }

    /** The plain-loop twin of {@link AttentionGemm#packKeys}: the same packed layout. */
    public static void packKeys(float[] k, int n, int d, float[] packed) {
        int nr = AttentionGemm.panelWidth();
        for (int j = 0; j < AttentionGemm.padded(n); j++) {
            for (int c = 0; c < d; c++) {
                packed[(j / nr) * d * nr + c * nr + j % nr] = j < n ? k[j * d + c] : 0f;
            }
        }
    }

    /** The plain-loop twin of {@link AttentionGemm#packValues}: the same packed layout. */
    public static void packValues(float[] v, int n, int d, float[] packed) {
        int w = AttentionGemm.valuePanelWidth();
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < (d + w - 1) / w * w; c++) {
                packed[((c / w) * n + j) * w + c % w] = c < d ? v[j * d + c] : 0f;
            }
        }
    }

    /**
     * The plain-loop twin of {@link AttentionGemm#scores}: the same result up to float rounding in columns
     * {@code [0, j1 - j0)} of each row; it writes no other column.
     */
    public static void scores(float[] q, int qOff, int rows, int d, float[] packedK, int j0, int j1,
                              float[] s, int sOff, int lds) {
        int nr = AttentionGemm.panelWidth();
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                float sum = 0f;
                for (int c = 0; c < d; c++) {
                    sum += q[qOff + r * d + c] * packedK[(j / nr) * d * nr + c * nr + j % nr];
                }
                s[sOff + r * lds + (j - j0)] = sum;
            }
        }
    }

    /** The plain-loop twin of {@link AttentionGemm#weightedSum}: same arguments, same result up to float rounding. */
    public static void weightedSum(float[] w, int wOff, int ldw, int rows, float[] packedV, int n, int d,
                                   int j0, int j1, float[] o, int oOff) {
        int vr = AttentionGemm.valuePanelWidth();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                float sum = 0f;
                for (int j = j0; j < j1; j++) {
                    sum += w[wOff + r * ldw + (j - j0)] * packedV[((c / vr) * n + j) * vr + c % vr];
                }
                o[oOff + r * d + c] = sum;
            }
        }
    }

    /** The plain-loop twin of {@link GatherKernels#gatherDots}: same arguments, same result up to float rounding. */
    public static void gatherDots(float[] q, int qo, float[] k, int[] keys, int ko, int count, int d, float[] out, int oo) {
        for (int t = 0; t < count; t++) {
            out[oo + t] = dot(q, qo, k, keys[ko + t] * d, d);
        }
    }

    /** The plain-loop twin of {@link GatherKernels#gatherWeightedSum}: same arguments, same result up to float rounding. */
    public static void gatherWeightedSum(float[] w, int wo, int[] keys, int ko, int count, float[] v, int d, float[] out, int oo) {
        Arrays.fill(out, oo, oo + d, 0f);
        for (int t = 0; t < count; t++) {
            axpy(w[wo + t], v, keys[ko + t] * d, out, oo, d);
        }
    }

    /** The plain-loop twin of {@link RowMatrixKernels#transposeRows}: same arguments, same result up to float rounding. */
    public static void transposeRows(float[] src, int from, int to, int d, float[] dst, int ld) {
        for (int r = from; r < to; r++) {
            for (int c = 0; c < d; c++) {
                dst[c * ld + (r - from)] = src[r * d + c];
            }
        }
    }

    /** The plain-loop twin of {@link LinearAttentionKernels#linearAccumulate}: same arguments, same result up to float rounding. */
    public static void linearAccumulate(float[] f, int fo, int m, float weight, float[] v, int vo, int d, float[] state) {
        for (int r = 0; r < m; r++) {
            float fr = f[fo + r] * weight;
            for (int c = 0; c < d; c++) {
                state[r * d + c] += fr * v[vo + c];
            }
            state[m * d + r] += fr;
        }
    }

    /** The plain-loop twin of {@link LinearAttentionKernels#linearReadout}: same arguments, same result up to float rounding. */
    public static boolean linearReadout(float[] f, int fo, int m, float[] state, int d, float[] out, int oo) {
        float denominator = dot(f, fo, state, m * d, m);
        if (!(denominator > 0f)) {
            Arrays.fill(out, oo, oo + d, 0f);
            return false;
        }
        for (int c = 0; c < d; c++) {
            float sum = 0f;
            for (int r = 0; r < m; r++) {
                sum += f[fo + r] * state[r * d + c];
            }
            out[oo + c] = sum / denominator;
        }
        return true;
    }

    /** The twin of {@link OnlineSoftmax#step}. */
    public static boolean step(float[] s, int off, int len, float[] state, int maxAt, int sumAt, float scale,
                               float[] out, int oo, int d) {
        float spanMax = max(s, off, len);
        if (spanMax == Float.NEGATIVE_INFINITY) {
            Arrays.fill(s, off, off + len, 0f);
            return false;
        }
        if (spanMax > state[maxAt]) {
            if (state[maxAt] != Float.NEGATIVE_INFINITY) {
                float correction = (float) Math.exp((state[maxAt] - spanMax) * scale);
                state[sumAt] *= correction;
                scale(out, oo, d, correction);
            }
            state[maxAt] = spanMax;
        }
        state[sumAt] += expShifted(s, off, len, state[maxAt], scale);
        return true;
    }

    /** The plain-loop twin of {@link DecodeKernels#cachedScores}: same arguments, same result up to float rounding. */
    public static void cachedScores(float[] q, int qo, int rows, float[] keys, int ko, int count, int d,
                                    float[] out, int oo, int ldo) {
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < count; t++) {
                out[oo + r * ldo + t] = dot(q, qo + r * d, keys, ko + t * d, d);
            }
        }
    }

    /** The plain-loop twin of {@link DecodeKernels#cachedWeightedSum}: same arguments, same result up to float rounding. */
    public static void cachedWeightedSum(float[] w, int wo, int ldw, int rows, float[] values, int vo, int count, int d,
                                         float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                float sum = 0f;
                for (int t = 0; t < count; t++) {
                    sum += w[wo + r * ldw + t] * values[vo + t * d + c];
                }
                out[oo + r * d + c] = sum;
            }
        }
    }
}
