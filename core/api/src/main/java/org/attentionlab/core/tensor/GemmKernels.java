package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of the GEMM. Each computes one tile of {@code c = bias + a b}:
 * {@code a} is row-major activations (rows {@code lda} apart), {@code b} one packed weight panel
 * ({@link #NR} floats per k step, contiguous along k), {@code c} rows {@code ldc} apart. Per k step a
 * kernel loads the panel row once as vectors and broadcasts one activation per tile row into FMAs, so
 * the whole tile stays in registers and is stored once at the end (the bias is its starting value).
 *
 * <p>The tiles are spelled out, one local per accumulator, because that is what lets C2 keep every
 * accumulator in a register. On AVX-512 (32 registers) 6 rows x 4 vectors uses 24 accumulators + 4
 * panel vectors + 1 broadcast; of 4x4, 6x4, 8x3, 12x2 and 14x2 it measured fastest there, near FMA peak.
 * With 16 registers (AVX2) 4 rows x 3 vectors (12 accumulators + 3 panel vectors + 1 broadcast: 7 loads
 * per 12 FMAs) measured 15-20% faster than 6 x 2 (8 loads per 12 FMAs) on a Zen 2 core, and 3 x 4 far
 * slower. The 2-vector tiles stay for panels of two vectors (attention's values, {@link AttentionGemm}).
 */
final class GemmKernels {

    static final VectorSpecies<Float> S = VectorInfo.SPECIES;
    static final int L = S.length();
    /** Vectors per panel row: 4 when the CPU has 32 vector registers (AVX-512), else 3. */
    static final int NV = L >= 16 ? 4 : 3;
    /** Panel width in floats. */
    static final int NR = NV * L;
    /** Rows per full tile: 6 x 4 vectors with 32 registers, 4 x 3 with 16. */
    static final int MR = NV == 4 ? 6 : 4;

    private GemmKernels() {
    }

    /** A full {@code MR x NR} tile. */
    static void tile(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        if (NV == 4) {
            tile6x4(a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
        } else {
            tile4x3(a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
        }
    }

    /**
     * The {@code rows < MR} rows left after the full tiles, as tiles of 4, 2 and 1 rows (a 1-row tile
     * has too few independent FMAs to keep both FMA ports busy; at small n these rows are a large share).
     */
    static void leftover(int rows, float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        leftover(NV, rows, a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
    }

    /**
     * {@link #leftover} over a panel of {@code nv} vectors: 2 (rows below 6), 3 (rows below 4) or 4 (rows
     * below 6).
     */
    static void leftover(int nv, int rows, float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        if (nv == 3) {
            leftover3(rows, a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
            return;
        }
        int r = 0;
        if (rows - r >= 4) {
            if (nv == 4) {
                tile4x4(a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
            } else {
                tile4x2(a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
            }
            r += 4;
        }
        if (rows - r >= 2) {
            if (nv == 4) {
                tile2x4(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, bias, biasOff);
            } else {
                tile2x2(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, bias, biasOff);
            }
            r += 2;
        }
        if (rows - r >= 1) {
            if (nv == 4) {
                tile1x4(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, bias, biasOff);
            } else {
                tile1x2(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, bias, biasOff);
            }
        }
    }

    /** Rows below 4 of a 3-vector panel: a 2-row tile, then a 1-row tile. */
    private static void leftover3(int rows, float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        int r = 0;
        if (rows - r >= 2) {
            tile2x3(a, aOff, lda, b, bOff, k, c, cOff, ldc, bias, biasOff);
            r += 2;
        }
        if (rows - r >= 1) {
            tile1x3(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, bias, biasOff);
        }
    }

    /** 4 rows x 3 vectors. */
    static void tile4x3(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2;
        FloatVector c10 = i0, c11 = i1, c12 = i2;
        FloatVector c20 = i0, c21 = i1, c22 = i2;
        FloatVector c30 = i0, c31 = i1, c32 = i2;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L); c22.intoArray(c, o2 + 2 * L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L); c32.intoArray(c, o3 + 2 * L);
    }

    /** 2 rows x 3 vectors. */
    static void tile2x3(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2;
        FloatVector c10 = i0, c11 = i1, c12 = i2;
        int a0 = aOff, a1 = a0 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
        }
        int o0 = cOff, o1 = o0 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
    }

    /** 1 row x 3 vectors. */
    static void tile1x3(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2;
        for (int p = 0, bo = bOff; p < k; p++, bo += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[aOff + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + L); c02.intoArray(c, cOff + 2 * L);
    }

    /** 6 rows x 4 vectors. */
    static void tile6x4(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0, i3 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
            i3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2, c03 = i3;
        FloatVector c10 = i0, c11 = i1, c12 = i2, c13 = i3;
        FloatVector c20 = i0, c21 = i1, c22 = i2, c23 = i3;
        FloatVector c30 = i0, c31 = i1, c32 = i2, c33 = i3;
        FloatVector c40 = i0, c41 = i1, c42 = i2, c43 = i3;
        FloatVector c50 = i0, c51 = i1, c52 = i2, c53 = i3;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02); c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12); c13 = b3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22); c23 = b3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32); c33 = b3.fma(x3, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x4, c40); c41 = b1.fma(x4, c41); c42 = b2.fma(x4, c42); c43 = b3.fma(x4, c43);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x5, c50); c51 = b1.fma(x5, c51); c52 = b2.fma(x5, c52); c53 = b3.fma(x5, c53);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L); c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L); c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L); c22.intoArray(c, o2 + 2 * L); c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L); c32.intoArray(c, o3 + 2 * L); c33.intoArray(c, o3 + 3 * L);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + L); c42.intoArray(c, o4 + 2 * L); c43.intoArray(c, o4 + 3 * L);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + L); c52.intoArray(c, o5 + 2 * L); c53.intoArray(c, o5 + 3 * L);
    }

    /** 4 rows x 4 vectors. */
    static void tile4x4(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0, i3 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
            i3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2, c03 = i3;
        FloatVector c10 = i0, c11 = i1, c12 = i2, c13 = i3;
        FloatVector c20 = i0, c21 = i1, c22 = i2, c23 = i3;
        FloatVector c30 = i0, c31 = i1, c32 = i2, c33 = i3;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02); c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12); c13 = b3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22); c23 = b3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32); c33 = b3.fma(x3, c33);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L); c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L); c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L); c22.intoArray(c, o2 + 2 * L); c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L); c32.intoArray(c, o3 + 2 * L); c33.intoArray(c, o3 + 3 * L);
    }

    /** 2 rows x 4 vectors. */
    static void tile2x4(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0, i3 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
            i3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2, c03 = i3;
        FloatVector c10 = i0, c11 = i1, c12 = i2, c13 = i3;
        int a0 = aOff, a1 = a0 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02); c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12); c13 = b3.fma(x1, c13);
        }
        int o0 = cOff, o1 = o0 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L); c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L); c13.intoArray(c, o1 + 3 * L);
    }

    /** 1 row x 4 vectors. */
    static void tile1x4(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0, i2 = i0, i3 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
            i2 = FloatVector.fromArray(S, bias, biasOff + 2 * L);
            i3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
        }
        FloatVector c00 = i0, c01 = i1, c02 = i2, c03 = i3;
        int a0 = aOff;
        for (int p = 0, bo = bOff; p < k; p++, bo += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02); c03 = b3.fma(x0, c03);
        }
        int o0 = cOff;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L); c03.intoArray(c, o0 + 3 * L);
    }

    /** 6 rows x 2 vectors. */
    static void tile6x2(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
        }
        FloatVector c00 = i0, c01 = i1;
        FloatVector c10 = i0, c11 = i1;
        FloatVector c20 = i0, c21 = i1;
        FloatVector c30 = i0, c31 = i1;
        FloatVector c40 = i0, c41 = i1;
        FloatVector c50 = i0, c51 = i1;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x4, c40); c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x5, c50); c51 = b1.fma(x5, c51);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + L);
    }

    /** 4 rows x 2 vectors. */
    static void tile4x2(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
        }
        FloatVector c00 = i0, c01 = i1;
        FloatVector c10 = i0, c11 = i1;
        FloatVector c20 = i0, c21 = i1;
        FloatVector c30 = i0, c31 = i1;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L);
    }

    /** 2 rows x 2 vectors. */
    static void tile2x2(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
        }
        FloatVector c00 = i0, c01 = i1;
        FloatVector c10 = i0, c11 = i1;
        int a0 = aOff, a1 = a0 + lda;
        for (int p = 0, bo = bOff; p < k; p++, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
        }
        int o0 = cOff, o1 = o0 + ldc;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L);
    }

    /** 1 row x 2 vectors. */
    static void tile1x2(float[] a, int aOff, int lda, float[] b, int bOff, int k,
            float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        FloatVector i0 = FloatVector.zero(S), i1 = i0;
        if (bias != null) {
            i0 = FloatVector.fromArray(S, bias, biasOff);
            i1 = FloatVector.fromArray(S, bias, biasOff + L);
        }
        FloatVector c00 = i0, c01 = i1;
        int a0 = aOff;
        for (int p = 0, bo = bOff; p < k; p++, bo += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
        }
        int o0 = cOff;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
    }

}
