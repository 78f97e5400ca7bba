package org.attentionlab.core.tensor;

/**
 * The two products of softmax attention, scores = Q K^T and outputs = P V, on the GEMM's register-tiled
 * micro-kernels ({@link GemmKernels}' tiles of 6 rows x 2 vectors, 12 accumulators), so that attention runs
 * its multiply-adds about as fast as the projections do.
 *
 * <p>Both products read their right-hand matrix as packed panels, each contiguous along the inner
 * dimension, exactly as the GEMM reads packed weights:
 * <ul>
 *   <li>{@link #packKeys}: K (n x d, row-major) as K^T in panels of {@link #panelWidth()} keys (two
 *       vectors), d x width floats each. Read straight from a row-major K^T instead, the d rows of a tile
 *       lie n floats apart; at n = 2048 that is 8 KB, so all of them fall into the same L1 set and evict
 *       each other on every tile.</li>
 *   <li>{@link #packValues}: V (n x d) in panels of two vectors of columns (16 floats with AVX2, 32 with
 *       AVX-512), n x width floats each, so a tile's k steps read one contiguous run. Two vectors rather than
 *       the GEMM's four with AVX-512: heads are 32 or 64 wide, and a 64-wide panel would spend half its
 *       multiply-adds on zero padding for a 32-float head.</li>
 * </ul>
 * Packing costs n x d copies per head, against n x n x d multiply-adds. Padding (keys past n in the last
 * key panel, columns past d in the last value panel) is zero. Every sum over the inner dimension runs in
 * index order, as in {@link RowMatrixKernels}. Stateless apart from one small per-thread edge tile;
 * thread-safe. {@link ScalarAttentionKernels#scores} and {@link ScalarAttentionKernels#weightedSum} are the
 * plain-loop twins over unpacked K and V.
 */
public final class AttentionGemm {

    /**
     * Keys per key panel: two vectors (16 with AVX2, 32 with AVX-512). Not the GEMM's 3-vector panel of
     * AVX2: the block engine's spans start at multiples of its block (64), and 24-key panels would start
     * most spans in the middle of a panel.
     */
    private static final int NR = 2 * GemmKernels.L;
    /** Columns per value panel: two vectors. */
    private static final int VR = 2 * GemmKernels.L;
    /** Rows per full tile (6 x 2 vectors). */
    private static final int MR = 6;

    /** A tile whose columns do not all land inside the destination is computed here, then copied. */
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private AttentionGemm() {
    }

    /** Keys per packed key panel (16 with AVX2, 32 with AVX-512). */
    public static int panelWidth() {
        return NR;
    }

    /** {@code n} keys rounded up to a whole number of key panels. */
    public static int padded(int n) {
        return (n + NR - 1) / NR * NR;
    }

    /** Floats {@link #packKeys} writes for {@code n} keys of {@code d} floats. */
    public static long packedKeysLength(int n, int d) {
        return (long) padded(n) * d;
    }

    /** Floats {@link #packValues} writes for {@code n} values of {@code d} floats. */
    public static long packedValuesLength(int n, int d) {
        return (long) (d + VR - 1) / VR * VR * n;
    }

    /** Columns per packed value panel (two vectors). */
    static int valuePanelWidth() {
        return VR;
    }

    /**
     * Packs keys {@code k[j * d + c]} ({@code j < n}) as K^T panels: key j's feature c goes to
     * {@code packed[(j / NR) * d * NR + c * NR + j % NR]}; the keys past n in the last panel are zero.
     */
    public static void packKeys(float[] k, int n, int d, float[] packed) {
        for (int j0 = 0; j0 < n; j0 += NR) {
            int base = j0 * d;   // panel j0 / NR starts at (j0 / NR) * d * NR
            int width = Math.min(NR, n - j0);
            for (int jj = 0; jj < width; jj++) {
                int src = (j0 + jj) * d;
                for (int c = 0, at = base + jj; c < d; c++, at += NR) {
                    packed[at] = k[src + c];
                }
            }
            for (int jj = width; jj < NR; jj++) {
                for (int c = 0, at = base + jj; c < d; c++, at += NR) {
                    packed[at] = 0f;
                }
            }
        }
    }

    /**
     * Packs values {@code v[j * d + c]} in panels of W = two vectors of columns: value j's column c goes to
     * {@code packed[((c / W) * n + j) * W + c % W]}; columns past d in the last panel are zero.
     */
    public static void packValues(float[] v, int n, int d, float[] packed) {
        for (int c0 = 0; c0 < d; c0 += VR) {
            int width = Math.min(VR, d - c0);
            int at = c0 * n;   // panel c0 / VR starts at (c0 / VR) * n * VR
            for (int j = 0; j < n; j++, at += VR) {
                System.arraycopy(v, j * d + c0, packed, at, width);
                if (width < VR) {
                    java.util.Arrays.fill(packed, at + width, at + VR, 0f);
                }
            }
        }
    }

    /**
     * Raw scores of a block of queries against keys {@code [j0, j1)}:
     * {@code s[sOff + r * lds + (j - j0)] = sum_c q[qOff + r * d + c] * K[j][c]} for {@code r < rows}.
     * Key panels are computed whole, so a row's columns from {@code j1 - j0} up to the end of j1's panel
     * may be written too, where they lie below {@code lds} (callers give such rows room to spare and
     * ignore those columns); nothing outside {@code [0, lds)} of a row is written.
     *
     * @param packedK keys packed by {@link #packKeys}
     */
    public static void scores(float[] q, int qOff, int rows, int d, float[] packedK, int j0, int j1,
                              float[] s, int sOff, int lds) {
        for (int p = j0 / NR; p * NR < j1; p++) {
            int col = p * NR - j0;   // s column of the panel's first key
            int bOff = p * d * NR;
            if (col >= 0 && col + NR <= lds) {
                tiles(q, qOff, d, rows, packedK, bOff, d, s, sOff + col, lds);
            } else {
                int from = Math.max(j0, p * NR);
                int to = Math.min(j1, p * NR + NR);
                edge(q, qOff, d, rows, packedK, bOff, d, s, sOff + (from - j0), lds, from - p * NR, to - from);
            }
        }
    }

    /**
     * Weighted sums of values {@code [j0, j1)}:
     * {@code o[oOff + r * d + c] = sum_j w[wOff + r * ldw + (j - j0)] * V[j][c]} for {@code r < rows},
     * {@code c < d}, the sum in key order. Overwrites the output rows.
     *
     * @param packedV values packed by {@link #packValues} with the same {@code n} and {@code d}
     */
    public static void weightedSum(float[] w, int wOff, int ldw, int rows, float[] packedV, int n, int d,
                                   int j0, int j1, float[] o, int oOff) {
        int keys = j1 - j0;
        for (int c0 = 0; c0 < d; c0 += VR) {
            int bOff = c0 * n + j0 * VR;   // panel c0 / VR, key j0
            if (c0 + VR <= d) {
                tiles(w, wOff, ldw, rows, packedV, bOff, keys, o, oOff + c0, d);
            } else {
                edge(w, wOff, ldw, rows, packedV, bOff, keys, o, oOff + c0, d, 0, d - c0);
            }
        }
    }

    /** {@code rows} rows of one two-vector panel straight into {@code c}: 6-row tiles, then the leftover rows. */
    private static void tiles(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int k,
                              float[] c, int cOff, int ldc) {
        int r = 0;
        for (; r + MR <= rows; r += MR) {
            GemmKernels.tile6x2(a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, null, 0);
        }
        if (r < rows) {
            GemmKernels.leftover(2, rows - r, a, aOff + r * lda, lda, b, bOff, k, c, cOff + r * ldc, ldc, null, 0);
        }
    }

    /** One two-vector panel through the edge tile; columns {@code [first, first + width)} of it go to {@code c}. */
    private static void edge(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int k,
                             float[] c, int cOff, int ldc, int first, int width) {
        float[] tile = EDGE_TILE.get();
        for (int r0 = 0; r0 < rows; r0 += MR) {
            int count = Math.min(MR, rows - r0);
            if (count == MR) {
                GemmKernels.tile6x2(a, aOff + r0 * lda, lda, b, bOff, k, tile, 0, NR, null, 0);
            } else {
                GemmKernels.leftover(2, count, a, aOff + r0 * lda, lda, b, bOff, k, tile, 0, NR, null, 0);
            }
            for (int r = 0; r < count; r++) {
                System.arraycopy(tile, r * NR + first, c, cOff + (r0 + r) * ldc, width);
            }
        }
    }
}
