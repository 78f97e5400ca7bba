package org.attentionlab.plugins.nystrom;

import org.attentionlab.core.tensor.VectorKernels;

/**
 * Where the landmarks come from. The real (unpadded) tokens, taken in order, are cut into {@code m} segments of
 * near-equal size: segment {@code s} holds the real tokens of rank {@code [floor(s*r/m), floor((s+1)*r/m))}, so
 * sizes differ by at most one, n need not be a multiple of m, and no segment is empty while {@code m <= r}.
 *
 * <p>Padded tokens belong to no segment, for keys and queries alike: a padded key must not leak into a key landmark,
 * and leaving padded queries out of the query landmarks makes the real rows' output independent of whatever the
 * padding holds (trailing padding gives exactly the output of the unpadded sequence).
 */
final class LandmarkSegments {

    private LandmarkSegments() {
    }

    /** Rank (among real tokens) of the first token of {@code segment}; {@code segment == m} gives {@code real}. */
    static int rankStart(int segment, int real, int m) {
        return (int) ((long) segment * real / m);
    }

    /**
     * Fills {@code starts[0..m]}: {@code starts[s]} is the position of segment s's first real token and
     * {@code starts[m] = n}, so segment s owns the real tokens in positions {@code [starts[s], starts[s+1])}.
     * Requires {@code 1 <= m <= real}.
     */
    static void starts(boolean[] keyMask, int n, int real, int m, int[] starts) {
        int segment = 0;
        int rank = 0;
        for (int j = 0; j < n && segment < m; j++) {
            if (keyMask != null && !keyMask[j]) {
                continue;
            }
            if (rank == rankStart(segment, real, m)) {
                starts[segment++] = j;
            }
            rank++;
        }
        starts[m] = n;
    }

    /** {@code landmarks[s] = mean of the real rows of x (n x d) in segment s}, for every s < m. */
    static void means(float[] x, int d, boolean[] keyMask, int real, int m, int[] starts, float[] landmarks) {
        for (int s = 0; s < m; s++) {
            int base = s * d;
            java.util.Arrays.fill(landmarks, base, base + d, 0f);
            for (int j = starts[s]; j < starts[s + 1]; j++) {
                if (keyMask != null && !keyMask[j]) {
                    continue;
                }
                VectorKernels.axpy(1f, x, j * d, landmarks, base, d); // fma(x, 1, y) rounds as x + y: the plain sum
            }
            VectorKernels.scale(landmarks, base, d, 1f / (rankStart(s + 1, real, m) - rankStart(s, real, m)));
        }
    }
}
