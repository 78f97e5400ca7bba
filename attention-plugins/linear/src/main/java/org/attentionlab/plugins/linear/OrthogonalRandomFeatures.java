package org.attentionlab.plugins.linear;

import java.util.Random;

/**
 * The random projection of FAVOR+: m rows in blocks of dHead mutually orthogonal directions (modified
 * Gram-Schmidt of a Gaussian matrix, one per block; the last block keeps the rows it needs), each row
 * rescaled to the norm of an independent Gaussian vector (chi-distributed with dHead degrees of freedom),
 * so each row is marginally N(0, I) while rows of a block stay orthogonal (Choromanski et al. 2021).
 */
final class OrthogonalRandomFeatures {

    private OrthogonalRandomFeatures() {
    }

    /** {@code m x d} row-major, fully determined by {@code seed}. */
    static float[] generate(int m, int d, long seed) {
        Random random = new Random(seed);
        float[] w = new float[m * d];
        double[][] block = new double[d][d];
        for (int first = 0; first < m; first += d) {
            for (double[] row : block) {
                for (int c = 0; c < d; c++) {
                    row[c] = random.nextGaussian();
                }
            }
            orthonormalise(block);
            int rows = Math.min(d, m - first);
            for (int r = 0; r < rows; r++) {
                double norm = chi(random, d);
                for (int c = 0; c < d; c++) {
                    w[(first + r) * d + c] = (float) (block[r][c] * norm);
                }
            }
        }
        return w;
    }

    /** Modified Gram-Schmidt on the rows, done twice for orthogonality at float precision. */
    private static void orthonormalise(double[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < r; p++) {
                    double dot = 0;
                    for (int c = 0; c < rows[r].length; c++) {
                        dot += rows[r][c] * rows[p][c];
                    }
                    for (int c = 0; c < rows[r].length; c++) {
                        rows[r][c] -= dot * rows[p][c];
                    }
                }
            }
            double norm = 0;
            for (double value : rows[r]) {
                norm += value * value;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < rows[r].length; c++) {
                rows[r][c] /= norm;
            }
        }
    }

    private static double chi(Random random, int degrees) {
        double sum = 0;
        for (int c = 0; c < degrees; c++) {
            double g = random.nextGaussian();
            sum += g * g;
        }
        return Math.sqrt(sum);
    }
}
