package org.attentionlab.plugins.nystrom;

/** Plain loops over row-major float[] for the small (m x m, m x d) products of Nyström; written for the JIT. */
final class SmallMatrices {

    private SmallMatrices() {
    }

    /** {@code c[rows x cols] = a[rows x inner] b[inner x cols]}; c is overwritten and must not alias a or b. */
    static void multiply(float[] a, float[] b, float[] c, int rows, int inner, int cols) {
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            java.util.Arrays.fill(c, ci, ci + cols, 0f);
            for (int t = 0; t < inner; t++) {
                float x = a[i * inner + t];
                int bt = t * cols;
                for (int j = 0; j < cols; j++) {
                    c[ci + j] += x * b[bt + j];
                }
            }
        }
    }

    /** {@code a[i] . b[j]} for rows of width d. */
    static float dot(float[] a, int i, float[] b, int j, int d) {
        int ai = i * d;
        int bj = j * d;
        float sum = 0f;
        for (int c = 0; c < d; c++) {
            sum += a[ai + c] * b[bj + c];
        }
        return sum;
    }

    /**
     * Numerically stable softmax of {@code x[from, from+len)} in place; {@code -Infinity} entries get weight 0.
     *
     * @return false (and the row untouched) when every entry is {@code -Infinity}: nothing is visible
     */
    static boolean softmaxInPlace(float[] x, int from, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < from + len; j++) {
            max = Math.max(max, x[j]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return false;
        }
        float sum = 0f;
        for (int j = from; j < from + len; j++) {
            float p = (float) Math.exp(x[j] - max);
            x[j] = p;
            sum += p;
        }
        float inv = 1f / sum;
        for (int j = from; j < from + len; j++) {
            x[j] *= inv;
        }
        return true;
    }
}
