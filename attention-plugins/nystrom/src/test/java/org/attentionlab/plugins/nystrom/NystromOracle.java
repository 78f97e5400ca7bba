package org.attentionlab.plugins.nystrom;

import java.util.ArrayList;
import java.util.List;

/**
 * Nyström attention the slow way, in double precision, with every matrix explicit: landmarks from segments of the
 * real tokens, F = softmax(Q K~^T) (n x m), A = softmax(Q~ K~^T) (m x m), B = softmax(Q~ K^T) (m x n, padded keys
 * weight 0), out = F pinv(A) B V.
 */
final class NystromOracle {

    private NystromOracle() {
    }

    /** How the oracle inverts A. */
    enum Inverse { NEWTON, EXACT }

    static double[] attention(float[] qf, float[] kf, float[] vf, int n, int d, boolean[] mask, int m,
                              int iterations, Inverse inverse) {
        double[][] q = rows(qf, n, d);
        double[][] k = rows(kf, n, d);
        double[][] v = rows(vf, n, d);
        List<Integer> real = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (mask == null || mask[j]) {
                real.add(j);
            }
        }
        int r = real.size();
        double[][] qLand = new double[m][d];
        double[][] kLand = new double[m][d];
        for (int s = 0; s < m; s++) {
            int from = (int) ((long) s * r / m);
            int to = (int) ((long) (s + 1) * r / m);
            for (int rank = from; rank < to; rank++) {
                int j = real.get(rank);
                for (int c = 0; c < d; c++) {
                    qLand[s][c] += q[j][c] / (to - from);
                    kLand[s][c] += k[j][c] / (to - from);
                }
            }
        }
        boolean[] allReal = new boolean[n];
        java.util.Arrays.fill(allReal, true);
        boolean[] landmarkMask = new boolean[m];
        java.util.Arrays.fill(landmarkMask, true);
        double[][] f = softmaxScores(q, kLand, d, landmarkMask);
        double[][] a = softmaxScores(qLand, kLand, d, landmarkMask);
        double[][] b = softmaxScores(qLand, k, d, mask == null ? allReal : mask);
        double[][] z = inverse == Inverse.NEWTON ? newtonPinv(a, iterations) : gaussJordanInverse(a);
        double[][] out = multiply(f, multiply(z, multiply(b, v)));
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(out[i], 0, flat, i * d, d);
        }
        return flat;
    }

    /** softmax over each row of x y^T / sqrt(d), columns with allowed[j] == false weight 0. */
    static double[][] softmaxScores(double[][] x, double[][] y, int d, boolean[] allowed) {
        double[][] p = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < y.length; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += x[i][c] * y[j][c];
                }
                p[i][j] = allowed[j] ? dot / Math.sqrt(d) : Double.NEGATIVE_INFINITY;
                max = Math.max(max, p[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < y.length; j++) {
                p[i][j] = Math.exp(p[i][j] - max);
                sum += p[i][j];
            }
            for (int j = 0; j < y.length; j++) {
                p[i][j] /= sum;
            }
        }
        return p;
    }

    /** Z0 = A^T / (max column sum * max row sum); Z <- Z (13I - AZ (15I - AZ (7I - AZ))) / 4, in double. */
    static double[][] newtonPinv(double[][] a, int iterations) {
        int m = a.length;
        double maxRow = 0;
        double maxColumn = 0;
        for (int i = 0; i < m; i++) {
            double row = 0;
            double column = 0;
            for (int j = 0; j < m; j++) {
                row += Math.abs(a[i][j]);
                column += Math.abs(a[j][i]);
            }
            maxRow = Math.max(maxRow, row);
            maxColumn = Math.max(maxColumn, column);
        }
        double[][] z = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                z[i][j] = a[j][i] / (maxColumn * maxRow);
            }
        }
        for (int it = 0; it < iterations; it++) {
            double[][] az = multiply(a, z);
            double[][] inner = multiply(az, identityMinus(7, az));
            double[][] middle = multiply(az, identityMinus(15, inner));
            double[][] next = multiply(z, identityMinus(13, middle));
            for (double[] row : next) {
                for (int j = 0; j < m; j++) {
                    row[j] *= 0.25;
                }
            }
            z = next;
        }
        return z;
    }

    /** The exact inverse of a well-conditioned square matrix by Gauss-Jordan elimination with partial pivoting. */
    static double[][] gaussJordanInverse(double[][] a) {
        int m = a.length;
        double[][] work = new double[m][2 * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, work[i], 0, m);
            work[i][m + i] = 1;
        }
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(work[r][col]) > Math.abs(work[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = work[col];
            work[col] = work[pivot];
            work[pivot] = swap;
            double div = work[col][col];
            for (int c = 0; c < 2 * m; c++) {
                work[col][c] /= div;
            }
            for (int r = 0; r < m; r++) {
                if (r != col) {
                    double factor = work[r][col];
                    for (int c = 0; c < 2 * m; c++) {
                        work[r][c] -= factor * work[col][c];
                    }
                }
            }
        }
        double[][] inverse = new double[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(work[i], m, inverse[i], 0, m);
        }
        return inverse;
    }

    /** Exact softmax attention by a triple loop, padded keys weight 0. */
    static double[] fullAttention(float[] qf, float[] kf, float[] vf, int n, int d, boolean[] mask) {
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] score = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) qf[i * d + c] * kf[j * d + c];
                }
                score[j] = mask == null || mask[j] ? dot / Math.sqrt(d) : Double.NEGATIVE_INFINITY;
                max = Math.max(max, score[j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                score[j] = Math.exp(score[j] - max);
                sum += score[j];
            }
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    out[i * d + c] += score[j] / sum * vf[j * d + c];
                }
            }
        }
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int t = 0; t < b.length; t++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][t] * b[t][j];
                }
            }
        }
        return c;
    }

    private static double[][] identityMinus(double c, double[][] x) {
        int m = x.length;
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                out[i][j] = (i == j ? c : 0) - x[i][j];
            }
        }
        return out;
    }

    private static double[][] rows(float[] x, int n, int d) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                out[i][c] = x[i * d + c];
            }
        }
        return out;
    }
}
