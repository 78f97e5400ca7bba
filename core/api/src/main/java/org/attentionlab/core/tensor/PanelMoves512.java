package org.attentionlab.core.tensor;

import java.util.concurrent.atomic.AtomicReferenceArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused kernel's transposes for AVX-512's panel of 32 queries, by gathers and scatters: packing the queries
 * transposed and scaled, writing the panel's output back row by row, and packing K and V in tiles of 4 keys.
 * Scalar, these moves cost as much as the arithmetic of a short span of keys (a window's 288 keys per query:
 * 2.3, 2.1 and 1.9 ms of a 12.4 ms forward at n = 2048, measured), because each element is a strided load or
 * store of its own; a gather or scatter moves 16. Used only where 512-bit vectors are native: elsewhere the
 * Vector API would emulate them element by element.
 */
final class PanelMoves512 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    /** Whether this machine runs 512-bit vectors natively. */
    static final boolean NATIVE = VectorInfo.SPECIES.vectorBitSize() >= 512;
    /** Index maps are kept for heads up to this wide; wider ones take the scalar moves. */
    static final int MAX_D = 4096;
    /** Per d: {0, d, 2d, ..., 15d}, the rows of 16 queries or outputs one feature apart. */
    private static final AtomicReferenceArray<int[]> ROWS = new AtomicReferenceArray<>(MAX_D + 1);
    /** Per d: position p of a 4-key tile's packed block (feature p / 4, key p % 4) reads {@code (p % 4) * d + p / 4}. */
    private static final AtomicReferenceArray<int[]> TILE = new AtomicReferenceArray<>(MAX_D + 1);

    private PanelMoves512() {
    }

    private static int[] rows(int d) {
        int[] map = ROWS.get(d);
        if (map == null) {
            map = new int[L];
            for (int r = 0; r < L; r++) {
                map[r] = r * d;
            }
            ROWS.set(d, map);   // racing threads build equal maps
        }
        return map;
    }

    private static int[] tile(int d) {
        int[] map = TILE.get(d);
        if (map == null) {
            map = new int[4 * d];
            for (int p = 0; p < 4 * d; p++) {
                map[p] = (p % 4) * d + p / 4;
            }
            TILE.set(d, map);
        }
        return map;
    }

    /** {@code qt[c * 32 + r] = q[(i0 + r) * d + c] * factor} for the 32 rows of a whole panel. */
    static void packQueries(float[] q, int i0, int d, float factor, float[] qt) {
        int[] map = rows(d);
        FloatVector scale = FloatVector.broadcast(S, factor);
        for (int c = 0; c < d; c++) {
            FloatVector.fromArray(S, q, i0 * d + c, map, 0).mul(scale).intoArray(qt, c * 32);
            FloatVector.fromArray(S, q, (i0 + L) * d + c, map, 0).mul(scale).intoArray(qt, c * 32 + L);
        }
    }

    /** {@code o[oOff + r * d + c] = ot[c * 32 + r] / sum_r} (0 where the sum is 0) for the 32 rows of a whole panel. */
    static void finish(float[] state, int sumAt, float[] ot, int d, float[] o, int oOff) {
        int[] map = rows(d);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector s0 = FloatVector.fromArray(S, state, sumAt);
        FloatVector s1 = FloatVector.fromArray(S, state, sumAt + L);
        FloatVector inverse0 = one.div(s0).blend(zero, s0.compare(VectorOperators.EQ, zero));
        FloatVector inverse1 = one.div(s1).blend(zero, s1.compare(VectorOperators.EQ, zero));
        for (int c = 0; c < d; c++) {
            FloatVector.fromArray(S, ot, c * 32).mul(inverse0).intoArray(o, oOff + c, map, 0);
            FloatVector.fromArray(S, ot, c * 32 + L).mul(inverse1).intoArray(o, oOff + L * d + c, map, 0);
        }
    }

    /** Packs the whole 4-key tiles {@code [0, tiles)} of x as {@link FusedAttentionKernel#pack} does; d a multiple of 4. */
    static void packTiles(float[] x, int tiles, int d, float[] packed) {
        int[] map = tile(d);
        int block = 4 * d;
        for (int t = 0; t < tiles; t++) {
            int base = t * block;
            for (int p = 0; p < block; p += L) {
                FloatVector.fromArray(S, x, base, map, p).intoArray(packed, base + p);
            }
        }
    }
}
