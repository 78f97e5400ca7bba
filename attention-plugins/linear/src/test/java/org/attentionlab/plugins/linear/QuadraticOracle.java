package org.attentionlab.plugins.linear;

import java.util.function.DoubleUnaryOperator;

/**
 * The test's reference for kernelised attention, in its quadratic form: A = phi(Q) phi(K)^T with
 * invisible pairs (padding, causal) zeroed, each row divided by its sum, times V; a zero-sum row gives
 * zeros. Feature maps are written here from their definitions; FAVOR+ takes only the random matrix W
 * from the implementation.
 */
final class QuadraticOracle {

    /** phi of one row of length d. */
    interface Phi {
        double[] apply(float[] x, int offset, int d);
    }

    private QuadraticOracle() {
    }

    static Phi elementwise(DoubleUnaryOperator f) {
        return (x, offset, d) -> {
            double[] out = new double[d];
            for (int c = 0; c < d; c++) {
                out[c] = f.applyAsDouble(x[offset + c]);
            }
            return out;
        };
    }

    static final Phi ELU = elementwise(x -> x > 0 ? x + 1 : Math.exp(x));
    static final Phi RELU = elementwise(x -> Math.max(x, 0));

    /** phi(x)_r = exp(w_r.x / d^(1/4) - |x|^2 / (2 sqrt d)) / sqrt(m), with no stabilisation. */
    static Phi favor(float[] w, int m) {
        return (x, offset, d) -> {
            double squared = 0;
            for (int c = 0; c < d; c++) {
                squared += (double) x[offset + c] * x[offset + c];
            }
            double[] out = new double[m];
            for (int r = 0; r < m; r++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) w[r * d + c] * x[offset + c];
                }
                out[r] = Math.exp(dot / Math.pow(d, 0.25) - squared / (2 * Math.sqrt(d))) / Math.sqrt(m);
            }
            return out;
        };
    }

    static double[][] attention(Phi phi, float[][] q, float[][] k, float[][] v, int n, int d, boolean[] padding, boolean causal) {
        double[][] out = new double[q.length][n * d];
        for (int h = 0; h < q.length; h++) {
            for (int i = 0; i < n; i++) {
                double[] fq = phi.apply(q[h], i * d, d);
                double sum = 0;
                double[] row = new double[d];
                for (int j = 0; j < n; j++) {
                    if ((padding != null && !padding[j]) || (causal && j > i)) {
                        continue;
                    }
                    double[] fk = phi.apply(k[h], j * d, d);
                    double a = 0;
                    for (int r = 0; r < fq.length; r++) {
                        a += fq[r] * fk[r];
                    }
                    sum += a;
                    for (int c = 0; c < d; c++) {
                        row[c] += a * v[h][j * d + c];
                    }
                }
                if (sum > 0) {
                    for (int c = 0; c < d; c++) {
                        out[h][i * d + c] = row[c] / sum;
                    }
                }
            }
        }
        return out;
    }

    /** Exact softmax attention, for the FAVOR+ convergence test. */
    static double[][] softmax(float[][] q, float[][] k, float[][] v, int n, int d) {
        double[][] out = new double[q.length][n * d];
        for (int h = 0; h < q.length; h++) {
            for (int i = 0; i < n; i++) {
                double[] weight = new double[n];
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += (double) q[h][i * d + c] * k[h][j * d + c];
                    }
                    weight[j] = Math.exp(dot / Math.sqrt(d));
                    sum += weight[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < d; c++) {
                        out[h][i * d + c] += weight[j] / sum * v[h][j * d + c];
                    }
                }
            }
        }
        return out;
    }

    /** |expected - actual| <= tolerance * (1 + |expected|) everywhere. */
    static void assertClose(double[][] expected, float[][] actual, int n, int d, double tolerance) {
        for (int h = 0; h < expected.length; h++) {
            for (int e = 0; e < n * d; e++) {
                double diff = Math.abs(expected[h][e] - actual[h][e]);
                if (!(diff <= tolerance * (1 + Math.abs(expected[h][e])))) {
                    throw new AssertionError("head " + h + " row " + e / d + " col " + e % d + ": expected "
                            + expected[h][e] + ", got " + actual[h][e]);
                }
            }
        }
    }

    /** Root-mean-square difference over the first n*d values of every head. */
    static double rmsError(double[][] expected, float[][] actual, int n, int d) {
        double sum = 0;
        for (int h = 0; h < expected.length; h++) {
            for (int e = 0; e < n * d; e++) {
                double diff = expected[h][e] - actual[h][e];
                sum += diff * diff;
            }
        }
        return Math.sqrt(sum / (expected.length * (double) n * d));
    }
}
