package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The small dense row-times-matrix kernels: a row (or a block of rows) times a row-major matrix taken as
 * it is, unpacked, with an offset and a leading dimension. Blocks of rows go through register tiles of 4
 * rows so each vector of the matrix loaded serves several rows. What runs on these are the products too
 * small or too irregular to pack: Nystrom's landmark matrices and pseudo-inverse, Linformer's projected
 * keys and values, FAVOR+'s random features, linear attention's readout. Full attention's and the
 * block-sparse engine's n x n products run on {@link AttentionGemm} instead. Stateless and thread-safe;
 * {@link ScalarAttentionKernels} holds the plain-loop twins.
 */
public final class RowMatrixKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private RowMatrixKernels() {
    }

    /**
     * The vector-matrix product {@code out[oo + c] (+)= sum_r x[xo + r] * m[mo + r * ld + c]} for
     * {@code c < cols}, {@code r < rows}: a row of QK^T against K^T, a row of PV, a readout of linear
     * attention's state. Vectorised along the columns, so no horizontal sums; several independent
     * accumulators hide the FMA latency.
     *
     * @param accumulate add to {@code out} instead of overwriting it
     */
    public static void rowTimesMatrix(float[] x, int xo, int rows, float[] m, int mo, int ld, int cols,
                                      float[] out, int oo, boolean accumulate) {
        int c = 0;
        for (; c + 4 * L <= cols; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int base = mo + c;
            for (int r = 0; r < rows; r++, base += ld) {
                FloatVector xr = FloatVector.broadcast(S, x[xo + r]);
                a0 = FloatVector.fromArray(S, m, base).fma(xr, a0);
                a1 = FloatVector.fromArray(S, m, base + L).fma(xr, a1);
                a2 = FloatVector.fromArray(S, m, base + 2 * L).fma(xr, a2);
                a3 = FloatVector.fromArray(S, m, base + 3 * L).fma(xr, a3);
            }
            (accumulate ? a0.add(FloatVector.fromArray(S, out, oo + c)) : a0).intoArray(out, oo + c);
            (accumulate ? a1.add(FloatVector.fromArray(S, out, oo + c + L)) : a1).intoArray(out, oo + c + L);
            (accumulate ? a2.add(FloatVector.fromArray(S, out, oo + c + 2 * L)) : a2).intoArray(out, oo + c + 2 * L);
            (accumulate ? a3.add(FloatVector.fromArray(S, out, oo + c + 3 * L)) : a3).intoArray(out, oo + c + 3 * L);
        }
        for (; c + 2 * L <= cols; c += 2 * L) {
            // two column vectors, two rows at a time: four independent chains
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector b0 = FloatVector.zero(S);
            FloatVector b1 = FloatVector.zero(S);
            int base = mo + c;
            int r = 0;
            for (; r + 2 <= rows; r += 2, base += 2 * ld) {
                FloatVector xa = FloatVector.broadcast(S, x[xo + r]);
                FloatVector xb = FloatVector.broadcast(S, x[xo + r + 1]);
                a0 = FloatVector.fromArray(S, m, base).fma(xa, a0);
                a1 = FloatVector.fromArray(S, m, base + L).fma(xa, a1);
                b0 = FloatVector.fromArray(S, m, base + ld).fma(xb, b0);
                b1 = FloatVector.fromArray(S, m, base + ld + L).fma(xb, b1);
            }
            if (r < rows) {
                FloatVector xa = FloatVector.broadcast(S, x[xo + r]);
                a0 = FloatVector.fromArray(S, m, base).fma(xa, a0);
                a1 = FloatVector.fromArray(S, m, base + L).fma(xa, a1);
            }
            FloatVector s0 = a0.add(b0);
            FloatVector s1 = a1.add(b1);
            (accumulate ? s0.add(FloatVector.fromArray(S, out, oo + c)) : s0).intoArray(out, oo + c);
            (accumulate ? s1.add(FloatVector.fromArray(S, out, oo + c + L)) : s1).intoArray(out, oo + c + L);
        }
        for (; c + L <= cols; c += L) {
            // one column vector, four rows at a time
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int base = mo + c;
            int r = 0;
            for (; r + 4 <= rows; r += 4, base += 4 * ld) {
                a0 = FloatVector.fromArray(S, m, base).fma(FloatVector.broadcast(S, x[xo + r]), a0);
                a1 = FloatVector.fromArray(S, m, base + ld).fma(FloatVector.broadcast(S, x[xo + r + 1]), a1);
                a2 = FloatVector.fromArray(S, m, base + 2 * ld).fma(FloatVector.broadcast(S, x[xo + r + 2]), a2);
                a3 = FloatVector.fromArray(S, m, base + 3 * ld).fma(FloatVector.broadcast(S, x[xo + r + 3]), a3);
            }
            for (; r < rows; r++, base += ld) {
                a0 = FloatVector.fromArray(S, m, base).fma(FloatVector.broadcast(S, x[xo + r]), a0);
            }
            FloatVector s0 = a0.add(a1).add(a2.add(a3));
            (accumulate ? s0.add(FloatVector.fromArray(S, out, oo + c)) : s0).intoArray(out, oo + c);
        }
        for (; c < cols; c++) {
            float sum = 0f;
            int at = mo + c;
            for (int r = 0; r < rows; r++, at += ld) {
                sum += x[xo + r] * m[at];
            }
            out[oo + c] = accumulate ? out[oo + c] + sum : sum;
        }
    }

    /**
     * The matrix product {@code out[oo + r * ldo + c] (+)= sum_k x[xo + r * ldx + k] * m[mo + k * ldm + c]}
     * for {@code r < rows}, {@code c < cols}, {@code k < inner}: a block of query rows times K^T (scores),
     * or a block of probability rows times V. Rows go four at a time through register tiles of 4 rows x
     * 4, 2 or 1 vectors, so each vector of {@code m} loaded serves four rows (the one-row
     * {@link #rowTimesMatrix} loads each once per row and is bound by loads); leftover rows go through
     * {@link #rowTimesMatrix}. The sum over k runs in k order for every element, as in the one-row kernel.
     *
     * @param accumulate add to {@code out} instead of overwriting it
     */
    public static void rowsTimesMatrix(float[] x, int xo, int ldx, int rows, int inner, float[] m, int mo, int ldm,
                                       int cols, float[] out, int oo, int ldo, boolean accumulate) {
        int full = rows & ~3;   // rows done in tiles of four
        // columns outer: one block of m's columns (inner x 4 vectors) stays in L1 for all row tiles
        int c = 0;
        for (; c + 4 * L <= cols; c += 4 * L) {
            for (int r = 0; r < full; r += 4) {
                rows4x4(x, xo + r * ldx, ldx, inner, m, mo + c, ldm, out, oo + r * ldo + c, ldo, accumulate);
            }
        }
        for (; c + 2 * L <= cols; c += 2 * L) {
            for (int r = 0; r < full; r += 4) {
                rows4x2(x, xo + r * ldx, ldx, inner, m, mo + c, ldm, out, oo + r * ldo + c, ldo, accumulate);
            }
        }
        for (; c + L <= cols; c += L) {
            for (int r = 0; r < full; r += 4) {
                rows4x1(x, xo + r * ldx, ldx, inner, m, mo + c, ldm, out, oo + r * ldo + c, ldo, accumulate);
            }
        }
        if (c < cols) {
            for (int r = 0; r < full; r++) {
                rowTimesMatrix(x, xo + r * ldx, inner, m, mo + c, ldm, cols - c, out, oo + r * ldo + c, accumulate);
            }
        }
        for (int r = full; r < rows; r++) {
            rowTimesMatrix(x, xo + r * ldx, inner, m, mo, ldm, cols, out, oo + r * ldo, accumulate);
        }
    }

    /** 4 rows x 4 column vectors: 16 accumulators, 4 loads and 4 broadcasts per 16 FMAs. */
    private static void rows4x4(float[] x, int x0, int ldx, int inner, float[] m, int mo, int ldm,
                                float[] out, int o0, int ldo, boolean accumulate) {
        FloatVector zero = FloatVector.zero(S);
        // accumulating starts from out's values, so each tile ends with plain stores
        int o1 = o0 + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        FloatVector a00 = (accumulate ? FloatVector.fromArray(S, out, o0) : zero), a01 = (accumulate ? FloatVector.fromArray(S, out, o0 + L) : zero);
        FloatVector a02 = (accumulate ? FloatVector.fromArray(S, out, o0 + 2 * L) : zero), a03 = (accumulate ? FloatVector.fromArray(S, out, o0 + 3 * L) : zero);
        FloatVector a10 = (accumulate ? FloatVector.fromArray(S, out, o1) : zero), a11 = (accumulate ? FloatVector.fromArray(S, out, o1 + L) : zero);
        FloatVector a12 = (accumulate ? FloatVector.fromArray(S, out, o1 + 2 * L) : zero), a13 = (accumulate ? FloatVector.fromArray(S, out, o1 + 3 * L) : zero);
        FloatVector a20 = (accumulate ? FloatVector.fromArray(S, out, o2) : zero), a21 = (accumulate ? FloatVector.fromArray(S, out, o2 + L) : zero);
        FloatVector a22 = (accumulate ? FloatVector.fromArray(S, out, o2 + 2 * L) : zero), a23 = (accumulate ? FloatVector.fromArray(S, out, o2 + 3 * L) : zero);
        FloatVector a30 = (accumulate ? FloatVector.fromArray(S, out, o3) : zero), a31 = (accumulate ? FloatVector.fromArray(S, out, o3 + L) : zero);
        FloatVector a32 = (accumulate ? FloatVector.fromArray(S, out, o3 + 2 * L) : zero), a33 = (accumulate ? FloatVector.fromArray(S, out, o3 + 3 * L) : zero);
        int x1 = x0 + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        int base = mo;
        for (int k = 0; k < inner; k++, base += ldm) {
            FloatVector b0 = FloatVector.fromArray(S, m, base);
            FloatVector b1 = FloatVector.fromArray(S, m, base + L);
            FloatVector b2 = FloatVector.fromArray(S, m, base + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, m, base + 3 * L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + k]);
            a00 = b0.fma(v, a00);
            a01 = b1.fma(v, a01);
            a02 = b2.fma(v, a02);
            a03 = b3.fma(v, a03);
            v = FloatVector.broadcast(S, x[x1 + k]);
            a10 = b0.fma(v, a10);
            a11 = b1.fma(v, a11);
            a12 = b2.fma(v, a12);
            a13 = b3.fma(v, a13);
            v = FloatVector.broadcast(S, x[x2 + k]);
            a20 = b0.fma(v, a20);
            a21 = b1.fma(v, a21);
            a22 = b2.fma(v, a22);
            a23 = b3.fma(v, a23);
            v = FloatVector.broadcast(S, x[x3 + k]);
            a30 = b0.fma(v, a30);
            a31 = b1.fma(v, a31);
            a32 = b2.fma(v, a32);
            a33 = b3.fma(v, a33);
        }
        a00.intoArray(out, o0);
        a01.intoArray(out, o0 + L);
        a02.intoArray(out, o0 + 2 * L);
        a03.intoArray(out, o0 + 3 * L);
        a10.intoArray(out, o1);
        a11.intoArray(out, o1 + L);
        a12.intoArray(out, o1 + 2 * L);
        a13.intoArray(out, o1 + 3 * L);
        a20.intoArray(out, o2);
        a21.intoArray(out, o2 + L);
        a22.intoArray(out, o2 + 2 * L);
        a23.intoArray(out, o2 + 3 * L);
        a30.intoArray(out, o3);
        a31.intoArray(out, o3 + L);
        a32.intoArray(out, o3 + 2 * L);
        a33.intoArray(out, o3 + 3 * L);
    }

    /** 4 rows x 2 column vectors. */
    private static void rows4x2(float[] x, int x0, int ldx, int inner, float[] m, int mo, int ldm,
                                float[] out, int o0, int ldo, boolean accumulate) {
        // accumulating starts from out's values, so each tile ends with plain stores
        FloatVector zero = FloatVector.zero(S);
        int o1 = o0 + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        FloatVector a00 = (accumulate ? FloatVector.fromArray(S, out, o0) : zero), a01 = (accumulate ? FloatVector.fromArray(S, out, o0 + L) : zero);
        FloatVector a10 = (accumulate ? FloatVector.fromArray(S, out, o1) : zero), a11 = (accumulate ? FloatVector.fromArray(S, out, o1 + L) : zero);
        FloatVector a20 = (accumulate ? FloatVector.fromArray(S, out, o2) : zero), a21 = (accumulate ? FloatVector.fromArray(S, out, o2 + L) : zero);
        FloatVector a30 = (accumulate ? FloatVector.fromArray(S, out, o3) : zero), a31 = (accumulate ? FloatVector.fromArray(S, out, o3 + L) : zero);
        int x1 = x0 + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        int base = mo;
        for (int k = 0; k < inner; k++, base += ldm) {
            FloatVector b0 = FloatVector.fromArray(S, m, base);
            FloatVector b1 = FloatVector.fromArray(S, m, base + L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + k]);
            a00 = b0.fma(v, a00);
            a01 = b1.fma(v, a01);
            v = FloatVector.broadcast(S, x[x1 + k]);
            a10 = b0.fma(v, a10);
            a11 = b1.fma(v, a11);
            v = FloatVector.broadcast(S, x[x2 + k]);
            a20 = b0.fma(v, a20);
            a21 = b1.fma(v, a21);
            v = FloatVector.broadcast(S, x[x3 + k]);
            a30 = b0.fma(v, a30);
            a31 = b1.fma(v, a31);
        }
        a00.intoArray(out, o0);
        a01.intoArray(out, o0 + L);
        a10.intoArray(out, o1);
        a11.intoArray(out, o1 + L);
        a20.intoArray(out, o2);
        a21.intoArray(out, o2 + L);
        a30.intoArray(out, o3);
        a31.intoArray(out, o3 + L);
    }

    /** 4 rows x 1 column vector. */
    private static void rows4x1(float[] x, int x0, int ldx, int inner, float[] m, int mo, int ldm,
                                float[] out, int o0, int ldo, boolean accumulate) {
        // accumulating starts from out's values, so each tile ends with plain stores
        FloatVector zero = FloatVector.zero(S);
        int o1 = o0 + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        FloatVector a0 = (accumulate ? FloatVector.fromArray(S, out, o0) : zero);
        FloatVector a1 = (accumulate ? FloatVector.fromArray(S, out, o1) : zero);
        FloatVector a2 = (accumulate ? FloatVector.fromArray(S, out, o2) : zero);
        FloatVector a3 = (accumulate ? FloatVector.fromArray(S, out, o3) : zero);
        int x1 = x0 + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        int base = mo;
        for (int k = 0; k < inner; k++, base += ldm) {
            FloatVector b = FloatVector.fromArray(S, m, base);
            a0 = b.fma(FloatVector.broadcast(S, x[x0 + k]), a0);
            a1 = b.fma(FloatVector.broadcast(S, x[x1 + k]), a1);
            a2 = b.fma(FloatVector.broadcast(S, x[x2 + k]), a2);
            a3 = b.fma(FloatVector.broadcast(S, x[x3 + k]), a3);
        }
        a0.intoArray(out, o0);
        a1.intoArray(out, o1);
        a2.intoArray(out, o2);
        a3.intoArray(out, o3);
    }

    /**
     * Transposes rows {@code [from, to)} of a row-major {@code ? x d} matrix: {@code dst[c * ld + (r - from)]
     * = src[r * d + c]}. Turns K into K^T (or a tile of it) so score rows become {@link #rowTimesMatrix}.
     */
    public static void transposeRows(float[] src, int from, int to, int d, float[] dst, int ld) {
        final int block = 16; // rows per pass: 16 source rows stream in, 16 contiguous floats go out per column
        for (int r0 = from; r0 < to; r0 += block) {
            int r1 = Math.min(to, r0 + block);
            for (int c = 0; c < d; c++) {
                int at = c * ld + (r0 - from);
                for (int r = r0; r < r1; r++) {
                    dst[at++] = src[r * d + c];
                }
            }
        }
    }
}
