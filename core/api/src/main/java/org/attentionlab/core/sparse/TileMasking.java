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
    private static final IntVector LANE_BITS = IntVector.fromArray(I, laneBits(L), 0);

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
     * {@code [from, to)}, r in {@code [rowFrom, rowTo)}, bit {@code tileRow0 + r} of column {@code j - bitKey}
     * set in {@code columnBits} (columns {@code words} longs apart from {@code at}, {@link BlockMap#columnBits};
     * every pair when null), and {@code keyMask[j]} true (every key when null). One long per column gives the
     * panel's rows (a panel of 32 or 16 rows never straddles two longs: the panel starts at a multiple of
     * itself), and each half of the panel is one integer vector made from it.
     */
    static void panelBias(float[] bias, int panel, int jA, int jB, int from, int to, int rowFrom, int rowTo,
                          long[] columnBits, int at, int words, int tileRow0, int bitKey, boolean[] keyMask) {
        long rows = (rowTo >= 64 ? -1L : (1L << rowTo) - 1) & ~((1L << rowFrom) - 1);
        for (int j = jA; j < jB; j++) {
            long seen = 0;
            if (j >= from && j < to && (keyMask == null || keyMask[j])) {
                seen = columnBits == null ? rows
                        : columnBits[at + (j - bitKey) * words + (tileRow0 >>> 6)] >>> (tileRow0 & 63) & rows;
            }
            int off = (j - jA) * panel;
            if (panel == 32) {
                Bias16.column(bias, off, seen);
            } else if (panel == 16) {
                Bias8.column(bias, off, seen);
            } else {
                for (int r = 0; r < panel; r++) {
                    bias[off + r] = Float.intBitsToFloat(((int) (seen >>> r) & 1) - 1 & HIDDEN_BITS);
                }
            }
        }
    }

    /** HIDDEN's bits: a lane's bias is {@code (bit - 1) & HIDDEN_BITS}, 0 for a visible pair. */
    private static final int HIDDEN_BITS = Float.floatToRawIntBits(org.attentionlab.core.tensor.FusedAttentionKernel.HIDDEN);

    /**
     * One column of a 32-query panel's bias, two vectors of 16 lanes, with only the integer operations the kernel
     * itself runs (broadcast, and, min, sub: no shift by a vector, no mask conversion, no other float width): on
     * JDK 17, a variable shift or 256-bit vectors beside the kernel's 512-bit ones left operations, the kernel's
     * own included, to the Vector API's Java fallback (a window's forward at n = 2048: 14-17 ms against 10).
     */
    private static final class Bias16 {
        private static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
        private static final IntVector LANE_BIT = IntVector.fromArray(I16, laneBits(16), 0);
        private static final IntVector ONE = IntVector.broadcast(I16, 1);
        private static final IntVector HIDDEN = IntVector.broadcast(I16, HIDDEN_BITS);

        static void column(float[] bias, int off, long seen) {
            IntVector.broadcast(I16, (int) seen).and(LANE_BIT).min(ONE).sub(ONE).and(HIDDEN)
                    .reinterpretAsFloats().intoArray(bias, off);
            IntVector.broadcast(I16, (int) (seen >>> 16)).and(LANE_BIT).min(ONE).sub(ONE).and(HIDDEN)
                    .reinterpretAsFloats().intoArray(bias, off + 16);
        }
    }

    /**
     * One column of a 16-query panel's bias (AVX2's shape), two vectors of 8 lanes, as {@link Bias16}: the same
     * lines on another species, in a class of its own so that each species is a constant to C2 (a species
     * passed as an argument is not, and its operations fall back to Java).
     */
    private static final class Bias8 {
        private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
        private static final IntVector LANE_BIT = IntVector.fromArray(I8, laneBits(8), 0);
        private static final IntVector ONE = IntVector.broadcast(I8, 1);
        private static final IntVector HIDDEN = IntVector.broadcast(I8, HIDDEN_BITS);

        static void column(float[] bias, int off, long seen) {
            IntVector.broadcast(I8, (int) seen).and(LANE_BIT).min(ONE).sub(ONE).and(HIDDEN)
                    .reinterpretAsFloats().intoArray(bias, off);
            IntVector.broadcast(I8, (int) (seen >>> 8)).and(LANE_BIT).min(ONE).sub(ONE).and(HIDDEN)
                    .reinterpretAsFloats().intoArray(bias, off + 8);
        }
    }

    private static int[] laneBits(int count) {
        int[] bits = new int[count];
        for (int c = 0; c < count; c++) {
            bits[c] = 1 << c;
        }
        return bits;
    }
}
