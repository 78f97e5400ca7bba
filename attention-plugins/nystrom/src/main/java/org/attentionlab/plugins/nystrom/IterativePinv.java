package org.attentionlab.plugins.nystrom;

import org.attentionlab.core.tensor.RowMatrixKernels;

/**
 * The iterative Moore-Penrose pseudo-inverse Nyströmformer uses (Razavi et al. 2014, Xiong et al. 2021, eq. 16):
 * {@code Z0 = A^T / (||A||_1 ||A||_inf)} (max column sum times max row sum), then
 * {@code Z <- Z (13I - AZ (15I - AZ (7I - AZ))) / 4}. Each iteration is four m x m products.
 */
final class IterativePinv {

    private IterativePinv() {
    }

    /** FLOPs of {@link #compute}: the init (sums, scale) plus, per iteration, four m x m products and four elementwise passes. */
    static long flops(long m, long iterations) {
        return 3 * m * m + iterations * (8 * m * m * m + 4 * m * m);
    }

    /** Writes an approximation of pinv(a) (m x m) into {@code scratch.z}; uses scratch.az, p, t. */
    static void compute(float[] a, int m, int iterations, NystromScratch scratch) {
        float maxColumnSum = 0f;
        float maxRowSum = 0f;
        for (int i = 0; i < m; i++) {
            float row = 0f;
            float column = 0f;
            for (int j = 0; j < m; j++) {
                row += Math.abs(a[i * m + j]);
                column += Math.abs(a[j * m + i]);
            }
            maxRowSum = Math.max(maxRowSum, row);
            maxColumnSum = Math.max(maxColumnSum, column);
        }
        float initScale = 1f / (maxColumnSum * maxRowSum);
        float[] z = scratch.z;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                z[i * m + j] = a[j * m + i] * initScale;
            }
        }
        for (int it = 0; it < iterations; it++) {
            float[] az = scratch.az;
            float[] p = scratch.p;
            float[] t = scratch.t;
            z = scratch.z;
            RowMatrixKernels.rowsTimesMatrix(a, 0, m, m, m, z, 0, m, m, az, 0, m, false);
            identityMinus(7f, az, p, m);
            RowMatrixKernels.rowsTimesMatrix(az, 0, m, m, m, p, 0, m, m, t, 0, m, false);
            identityMinus(15f, t, p, m);
            RowMatrixKernels.rowsTimesMatrix(az, 0, m, m, m, p, 0, m, m, t, 0, m, false);
            identityMinus(13f, t, p, m);
            RowMatrixKernels.rowsTimesMatrix(z, 0, m, m, m, p, 0, m, m, t, 0, m, false);
            for (int i = 0; i < m * m; i++) {
                t[i] *= 0.25f;
            }
            scratch.t = z; // the old Z becomes the spare buffer
            scratch.z = t;
        }
    }

    /** {@code out = c I - x}. */
    private static void identityMinus(float c, float[] x, float[] out, int m) {
        for (int i = 0; i < m * m; i++) {
            out[i] = -x[i];
        }
        for (int i = 0; i < m; i++) {
            out[i * m + i] += c;
        }
    }
}
