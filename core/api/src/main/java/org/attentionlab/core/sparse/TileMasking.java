package org.attentionlab.core.sparse;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Hides the pairs a partial tile does not cover, and padded keys, by writing negative infinity into scores. */
final class TileMasking {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Integer lanes of the same width as the float lanes: lane c holds the bit {@code 1 << c}. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector LANE_BITS = IntVector.fromArray(I, laneBits(), 0);

    private static int[] laneBits() {
        int[] bits = new int[L];
        for (int c = 0; c < L; c++) {
            bits[c] = 1 << c;
        }
        return bits;
    }

    private TileMasking() {
    }

    /**
     * Scores {@code s[off + r * ld + c]}, {@code r < rows}, {@code c < cols}, keep their value where bit
     * {@code b = firstBit + c} of row r ({@code bits[at + r * words + b / 64]}) is set and become negative
     * infinity elsewhere.
     */
    static void applyBits(float[] s, int off, int ld, int rows, int cols, long[] bits, int at, int words, int firstBit) {
        for (int r = 0; r < rows; r++) {
            int row = off + r * ld;
            int word = at + r * words;
            int c = 0;
            for (int b = firstBit; c + L <= cols && (b & 63) + L <= 64 && L <= 32; c += L, b += L) {
                int chunk = (int) (bits[word + (b >>> 6)] >>> (b & 63));
                if (chunk == -1 || L < 32 && (chunk & ((1 << L) - 1)) == (1 << L) - 1) {
                    continue; // every lane visible
                }
                // lane c is hidden when its bit is clear: a compare, not VectorMask.fromLong (not an intrinsic on JDK 17)
                VectorMask<Float> hidden = IntVector.broadcast(I, chunk).and(LANE_BITS)
                        .compare(VectorOperators.EQ, 0).cast(S);
                FloatVector.fromArray(S, s, row + c).blend(Float.NEGATIVE_INFINITY, hidden).intoArray(s, row + c);
            }
            for (; c < cols; c++) {
                int b = firstBit + c;
                if ((bits[word + (b >>> 6)] & (1L << (b & 63))) == 0) {
                    s[row + c] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** Columns {@code c} with {@code keyMask[j0 + c]} false become negative infinity in every row. */
    static void applyPadding(float[] s, int off, int ld, int rows, int cols, boolean[] keyMask, int j0) {
        for (int c = 0; c < cols; c++) {
            if (!keyMask[j0 + c]) {
                for (int r = 0; r < rows; r++) {
                    s[off + r * ld + c] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** True when some key in {@code [j0, j1)} is padding. */
    static boolean anyPadded(boolean[] keyMask, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            if (!keyMask[j]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The register-fused kernel's bias tile for keys {@code [jA, jB)} and one panel of {@code panel} queries:
     * {@code bias[(j - jA) * panel + r]} is 0 where panel query r sees key j and {@link
     * org.attentionlab.core.tensor.FusedAttentionKernel#HIDDEN} where it does not. Visible means: j in
     * {@code [from, to)}, r in {@code [rowFrom, rowTo)}, bit {@code j - bitKey} of tile row {@code tileRow0 + r}
     * set (rows {@code words} longs apart from {@code at}; every pair when {@code bits} is null), and
     * {@code keyMask[j]} true (every key when null).
     */
    static void panelBias(float[] bias, int panel, int jA, int jB, int from, int to, int rowFrom, int rowTo,
                          long[] bits, int at, int words, int tileRow0, int bitKey, boolean[] keyMask) {
        java.util.Arrays.fill(bias, 0, (jB - jA) * panel, org.attentionlab.core.tensor.FusedAttentionKernel.HIDDEN);
        for (int j = from; j < to; j++) {
            if (keyMask != null && !keyMask[j]) {
                continue;
            }
            int col = j - bitKey;
            int base = (j - jA) * panel;
            if (bits == null) {
                java.util.Arrays.fill(bias, base + rowFrom, base + rowTo, 0f);
                continue;
            }
            int word = at + (col >>> 6);
            long bit = 1L << (col & 63);
            for (int r = rowFrom; r < rowTo; r++) {
                if ((bits[word + (tileRow0 + r) * words] & bit) != 0) {
                    bias[base + r] = 0f;
                }
            }
        }
    }
}
