package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every vector kernel against its scalar twin on awkward shapes: lengths below, at and just past the
 * vector width, sequence lengths 1, 7, 513, head widths 32, 64, 80 and odd ones, non-zero offsets and
 * leading dimensions wider than the columns, so every tail path runs. Agreement is within 1e-5 relative
 * to the magnitude of the terms summed (the sum of |products|), which is what reordering a sum can move.
 */
class KernelPairsTest {

    private static final double RELATIVE = 1e-5;
    private static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 31, 32, 33, 47, 64, 80, 513};
    private static final int[] SEQUENCE = {1, 7, 513};
    private static final int[] HEAD = {1, 13, 32, 64, 80};

    private final Random random = new Random(20240601L);

    @Test
    void dotAxpyScale() {
        for (int len : LENGTHS) {
            float[] a = gaussian(len + 3);
            float[] b = gaussian(len + 5);
            float expected = ScalarAttentionKernels.dot(a, 3, b, 5, len);
            float magnitude = ScalarAttentionKernels.dot(abs(a), 3, abs(b), 5, len);
            assertNear(expected, VectorKernels.dot(a, 3, b, 5, len), magnitude, "dot len=" + len);

            float[] y1 = gaussian(len + 2);
            float[] y2 = y1.clone();
            ScalarAttentionKernels.axpy(0.75f, a, 3, y1, 2, len);
            VectorKernels.axpy(0.75f, a, 3, y2, 2, len);
            assertArrayNear(y1, y2, 1f, "axpy len=" + len);

            float[] s1 = gaussian(len + 1);
            float[] s2 = s1.clone();
            ScalarAttentionKernels.scale(s1, 1, len, -1.3f);
            VectorKernels.scale(s2, 1, len, -1.3f);
            assertArrayEquals(s1, s2, "scale len=" + len);
        }
    }

    @Test
    void maxHandlesInfinityAndEmptyRanges() {
        assertEquals(Float.NEGATIVE_INFINITY, VectorKernels.max(new float[4], 2, 0));
        for (int len : LENGTHS) {
            float[] x = gaussian(len + 1);
            for (int i = 0; i < x.length; i += 3) {
                x[i] = Float.NEGATIVE_INFINITY;
            }
            assertEquals(ScalarAttentionKernels.max(x, 1, len), VectorKernels.max(x, 1, len), "len=" + len);
        }
    }

    @Test
    void expShiftedAndSoftmax() {
        for (int len : LENGTHS) {
            float[] x = gaussian(len + 2);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 6f;
            }
            for (int i = 2; i < x.length; i += 5) {
                x[i] = Float.NEGATIVE_INFINITY; // hidden keys
            }
            float[] e1 = x.clone();
            float[] e2 = x.clone();
            float sum1 = ScalarAttentionKernels.expShifted(e1, 2, len, 1.5f, 0.125f);
            float sum2 = VectorKernels.expShifted(e2, 2, len, 1.5f, 0.125f);
            assertNear(sum1, sum2, sum1, "expShifted sum len=" + len);
            assertElementwiseRelative(e1, e2, "expShifted len=" + len);
            for (int i = 2; i < x.length; i += 5) {
                assertEquals(0f, e2[i], "exp of a hidden key");
            }

            float[] p1 = x.clone();
            float[] p2 = x.clone();
            boolean any1 = ScalarAttentionKernels.softmax(p1, 2, len, 0.177f);
            boolean any2 = VectorKernels.softmax(p2, 2, len, 0.177f);
            assertEquals(any1, any2);
            assertElementwiseRelative(p1, p2, "softmax len=" + len);
        }
        float[] hidden = {7f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertFalse(VectorKernels.softmax(hidden, 1, 3, 1f));
        assertArrayEquals(new float[] {7f, 0f, 0f, 0f}, hidden);
    }

    @Test
    void featureMaps() {
        for (int len : LENGTHS) {
            float[] x = gaussian(len + 1);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 4f;
            }
            if (len > 3) {
                x[3] = 100f;   // exp would overflow: the positive branch must win
                x[2] = -100f;  // exp underflows to 0
            }
            float[] e1 = new float[len + 4];
            float[] e2 = new float[len + 4];
            ScalarAttentionKernels.eluPlusOne(x, 1, e1, 4, len);
            LinearAttentionKernels.eluPlusOne(x, 1, e2, 4, len);
            assertElementwiseRelative(e1, e2, "elu+1 len=" + len);
            float[] r1 = new float[len];
            float[] r2 = new float[len];
            ScalarAttentionKernels.relu(x, 1, r1, 0, len);
            LinearAttentionKernels.relu(x, 1, r2, 0, len);
            assertArrayEquals(r1, r2, "relu len=" + len);
        }
    }

    @Test
    void eluPlusOneTakesTheInlineExpOfTheSoftmax() {
        // The same bits as expShifted's inline exp on every non-positive lane: one arithmetic in every JIT
        // tier, so a head's features do not depend on whether its thread runs compiled code yet (a vector
        // math library's EXP in compiled code differed from the interpreter's Math.exp by an ulp).
        int len = 4 * FloatVector.SPECIES_PREFERRED.length();
        float[] x = gaussian(len);
        for (int i = 0; i < len; i++) {
            x[i] = -Math.abs(x[i]) * 9f;
        }
        float[] features = new float[len];
        LinearAttentionKernels.eluPlusOne(x, 0, features, 0, len);
        float[] exps = x.clone();
        VectorKernels.expShifted(exps, 0, len, 0f, 1f);
        assertArrayEquals(exps, features);
    }

    @Test
    void vectorFunctionsAreTheInlineExpAndTanhFromIt() {
        int len = 4 * FloatVector.SPECIES_PREFERRED.length();
        float[] x = gaussian(len);
        for (int i = 0; i < len; i++) {
            x[i] *= 12f;
        }
        x[0] = 200f;   // e^{2u} overflows: 1 + tanh is exactly 2
        x[1] = -200f;  // underflows: exactly 0
        float[] exps = x.clone();
        VectorKernels.expShifted(exps, 0, len, 0f, 1f);
        int l = FloatVector.SPECIES_PREFERRED.length();
        for (int c = 0; c < len; c += l) {
            FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, c);
            float[] e = VectorFunctions.exp(v).toArray();
            float[] t = VectorFunctions.onePlusTanh(v).toArray();
            for (int i = 0; i < l; i++) {
                assertEquals(exps[c + i], e[i], 0f, "exp lane " + (c + i));
                assertEquals(1 + Math.tanh(x[c + i]), t[i], 3e-7, "1 + tanh lane " + (c + i));
            }
        }
        assertEquals(2f, VectorFunctions.onePlusTanh(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, 200f)).lane(0));
        assertEquals(0f, VectorFunctions.onePlusTanh(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, -200f)).lane(0));
    }

    @Test
    void rowTimesMatrixAsScoresAndAsWeightedSum() {
        for (int n : SEQUENCE) {
            for (int d : HEAD) {
                // scores: q (d) times K^T (d x n, leading dimension n + 3); weighted sum: p (n) times V (n x d, ld d + 5)
                checkRowTimesMatrix(d, n, n + 3);
                checkRowTimesMatrix(n, d, d + 5);
            }
        }
        for (int rows : LENGTHS) {
            for (int cols : LENGTHS) {
                checkRowTimesMatrix(rows, cols, cols + 1);
            }
        }
    }

    private void checkRowTimesMatrix(int rows, int cols, int ld) {
        float[] x = gaussian(rows + 2);
        float[] m = gaussian(7 + rows * ld);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] out1 = gaussian(cols + 3);
            float[] out2 = out1.clone();
            float[] magnitude = abs(out1);
            ScalarAttentionKernels.rowTimesMatrix(x, 2, rows, m, 7, ld, cols, out1, 3, accumulate);
            RowMatrixKernels.rowTimesMatrix(x, 2, rows, m, 7, ld, cols, out2, 3, accumulate);
            ScalarAttentionKernels.rowTimesMatrix(abs(x), 2, rows, abs(m), 7, ld, cols, magnitude, 3, true);
            for (int c = 0; c < cols + 3; c++) {
                assertNear(out1[c], out2[c], c < 3 ? 0f : magnitude[c],
                        "rowTimesMatrix rows=" + rows + " cols=" + cols + " accumulate=" + accumulate + " c=" + c);
            }
        }
    }

    @Test
    void gatherDotsAndWeightedSum() {
        for (int n : SEQUENCE) {
            for (int d : HEAD) {
                float[] q = gaussian(d + 1);
                float[] k = gaussian(n * d);
                float[] v = gaussian(n * d);
                for (int count : new int[] {1, 3, 4, 5, 8, n}) {
                    int[] keys = new int[count + 2];
                    for (int t = 0; t < keys.length; t++) {
                        keys[t] = random.nextInt(n);
                    }
                    float[] s1 = new float[count + 1];
                    float[] s2 = new float[count + 1];
                    ScalarAttentionKernels.gatherDots(q, 1, k, keys, 2, count, d, s1, 1);
                    GatherKernels.gatherDots(q, 1, k, keys, 2, count, d, s2, 1);
                    float[] magnitude = new float[count + 1];
                    ScalarAttentionKernels.gatherDots(abs(q), 1, abs(k), keys, 2, count, d, magnitude, 1);
                    for (int t = 0; t < s1.length; t++) {
                        assertNear(s1[t], s2[t], magnitude[t], "gatherDots n=" + n + " d=" + d + " count=" + count);
                    }

                    float[] w = gaussian(count + 2);
                    w[2] = 0f; // a hidden key
                    float[] o1 = gaussian(d + 3);
                    float[] o2 = o1.clone();
                    ScalarAttentionKernels.gatherWeightedSum(w, 2, keys, 2, count, v, d, o1, 3);
                    GatherKernels.gatherWeightedSum(w, 2, keys, 2, count, v, d, o2, 3);
                    float[] size = new float[d + 3];
                    ScalarAttentionKernels.gatherWeightedSum(abs(w), 2, keys, 2, count, abs(v), d, size, 3);
                    for (int c = 0; c < d + 3; c++) {
                        assertNear(o1[c], o2[c], size[c], "gatherWeightedSum n=" + n + " d=" + d + " count=" + count);
                    }
                }
            }
        }
    }

    @Test
    void transposeRowsIsExact() {
        for (int n : SEQUENCE) {
            for (int d : HEAD) {
                float[] k = gaussian(n * d);
                int from = n / 3;
                int ld = n - from + 2;
                float[] t1 = new float[d * ld];
                float[] t2 = new float[d * ld];
                ScalarAttentionKernels.transposeRows(k, from, n, d, t1, ld);
                RowMatrixKernels.transposeRows(k, from, n, d, t2, ld);
                assertArrayEquals(t1, t2);
                assertEquals(k[from * d + d - 1], t2[(d - 1) * ld]);
            }
        }
    }

    @Test
    void linearStateAccumulateAndReadout() {
        int[][] shapes = {{32, 32}, {64, 64}, {80, 80}, {7, 13}, {96, 32}, {1, 1}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int d = shape[1];
            float[] state1 = new float[m * d + m];
            float[] state2 = new float[m * d + m];
            float[] size = new float[m * d + m];
            for (int key = 0; key < 7; key++) {
                float[] f = abs(gaussian(m + 1));
                float[] v = gaussian(d + 2);
                ScalarAttentionKernels.linearAccumulate(f, 1, m, 0.5f, v, 2, d, state1);
                LinearAttentionKernels.linearAccumulate(f, 1, m, 0.5f, v, 2, d, state2);
                ScalarAttentionKernels.linearAccumulate(f, 1, m, 0.5f, abs(v), 2, d, size);
            }
            for (int e = 0; e < state1.length; e++) {
                assertNear(state1[e], state2[e], size[e], "state m=" + m + " d=" + d);
            }
            float[] f = abs(gaussian(m));
            float[] o1 = new float[d + 1];
            float[] o2 = new float[d + 1];
            assertTrue(ScalarAttentionKernels.linearReadout(f, 0, m, state1, d, o1, 1));
            assertTrue(LinearAttentionKernels.linearReadout(f, 0, m, state2, d, o2, 1));
            float[] bound = new float[d + 1];
            ScalarAttentionKernels.linearReadout(f, 0, m, size, d, bound, 1);
            for (int c = 0; c <= d; c++) {
                assertNear(o1[c], o2[c], 2 * bound[c], "readout m=" + m + " d=" + d);
            }
            float[] zero = new float[d];
            Arrays.fill(o2, Float.NaN);
            assertFalse(LinearAttentionKernels.linearReadout(new float[m], 0, m, state2, d, o2, 1), "zero features");
            assertArrayEquals(zero, Arrays.copyOfRange(o2, 1, d + 1));
        }
    }

    private float[] gaussian(int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @Test
    void expShiftedIsWithinTwoUlpsOfExpAndSaturates() {
        // a dense sweep of the range where exp is a normal float; shift 0 and scale 1 make the kernel plain exp
        int count = (1 << 20) + 3;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -87.3f + (87.3f + 88f) * i / (count - 1);
        }
        float[] y = x.clone();
        VectorKernels.expShifted(y, 0, count, 0f, 1f);
        double worst = 0;
        double worstRelative = 0;   // over [-87.3, 0], the arguments a softmax shifted by its maximum gives
        for (int i = 0; i < count; i++) {
            double expected = Math.exp(x[i]);
            double ulp = Math.ulp((float) expected);
            worst = Math.max(worst, Math.abs(y[i] - expected) / ulp);
            if (x[i] <= 0f) {
                worstRelative = Math.max(worstRelative, Math.abs(y[i] - expected) / expected);
            }
            if (!(Math.abs(y[i] - expected) <= 2 * ulp)) {
                throw new AssertionError("exp(" + x[i] + ") = " + expected + ", got " + y[i]);
            }
        }
        assertTrue(worst > 0.5, "worst " + worst + " ulps"); // the comparison does see the kernel's own rounding
        assertTrue(worstRelative <= 2e-7, "worst relative error on the softmax range " + worstRelative);
        // the scalar twin, on the same sweep, within the same relative error of the kernel
        float[] twin = x.clone();
        ScalarAttentionKernels.expShifted(twin, 0, count, 0f, 1f);
        for (int i = 0; i < count; i++) {
            if (!(Math.abs(twin[i] - y[i]) <= 4e-7 * twin[i])) {
                throw new AssertionError("exp(" + x[i] + "): kernel " + y[i] + ", scalar twin " + twin[i]);
            }
        }
        // the returned sum, over softmax-like arguments (shifted by the maximum, so <= 0) of an awkward length
        float[] scores = gaussian(513);
        float max = VectorKernels.max(scores, 0, 513);
        double expectedSum = 0;
        for (float v : scores) {
            expectedSum += Math.exp((v - max) * 0.7f);
        }
        assertEquals(expectedSum, VectorKernels.expShifted(scores, 0, 513, max, 0.7f), 1e-5 * expectedSum);
        // saturation and specials, in every lane position (the vector loop) and in the tail
        float[][] cases = {{Float.NEGATIVE_INFINITY, 0f}, {-87.4f, 0f}, {-1000f, 0f}, {-Float.MAX_VALUE, 0f},
            {88.1f, Float.POSITIVE_INFINITY},
            {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, {0f, 1f}, {-0f, 1f}, {Float.NaN, Float.NaN}};
        int lanes = VectorKernels.lanes();
        int length = (cases.length + lanes - 1) / lanes * lanes;   // whole vectors, every case at least once
        float[] special = new float[length];
        float[] want = new float[length];
        for (int i = 0; i < length; i++) {
            special[i] = cases[i % cases.length][0];
            want[i] = cases[i % cases.length][1];
        }
        float[] got = special.clone();
        VectorKernels.expShifted(got, 0, length, 0f, 1f);
        assertArrayEquals(want, got, "exp of " + Arrays.toString(special));
        float[] specialTwin = special.clone();
        ScalarAttentionKernels.expShifted(specialTwin, 0, length, 0f, 1f);
        // the twin is plain Math.exp, which keeps exp(-87.4) as a subnormal (1.1e-38) where the kernel flushes to 0;
        // above MAX (never a softmax argument, which is <= 0) Math.exp is still finite up to 88.72
        for (int i = 0; i < length; i++) {
            if (special[i] > 0f) {
                continue;
            }
            assertEquals(want[i], specialTwin[i], Float.MIN_NORMAL, "scalar twin's exp of " + special[i]);
        }
    }

    @Test
    void rowsTimesMatrixAsScoreBlocksAndWeightedSumBlocks() {
        for (int rows : new int[] {0, 1, 3, 4, 5, 8, 11}) {
            for (int n : SEQUENCE) {
                for (int d : HEAD) {
                    checkRowsTimesMatrix(rows, d, n);   // a block of queries times K^T: inner d, n columns
                    checkRowsTimesMatrix(rows, n, d);   // a block of probabilities times V: inner n, d columns
                }
            }
            for (int cols : LENGTHS) {
                checkRowsTimesMatrix(rows, 7, cols);
            }
        }
    }

    /** Every leading dimension is wider than the block, so a write outside it shows up in the padding. */
    private void checkRowsTimesMatrix(int rows, int inner, int cols) {
        int ldx = inner + 3;
        int ldm = cols + 5;
        int ldo = cols + 2;
        float[] x = gaussian(1 + rows * ldx);
        float[] m = gaussian(4 + inner * ldm);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] out1 = gaussian(6 + rows * ldo);
            float[] out2 = out1.clone();
            float[] magnitude = abs(out1);
            ScalarAttentionKernels.rowsTimesMatrix(x, 1, ldx, rows, inner, m, 4, ldm, cols, out1, 6, ldo, accumulate);
            RowMatrixKernels.rowsTimesMatrix(x, 1, ldx, rows, inner, m, 4, ldm, cols, out2, 6, ldo, accumulate);
            ScalarAttentionKernels.rowsTimesMatrix(abs(x), 1, ldx, rows, inner, abs(m), 4, ldm, cols, magnitude, 6, ldo, true);
            for (int i = 0; i < out1.length; i++) {
                boolean inside = i >= 6 && (i - 6) % ldo < cols;
                assertNear(out1[i], out2[i], inside ? magnitude[i] : 0f,
                        "rowsTimesMatrix rows=" + rows + " inner=" + inner + " cols=" + cols + " accumulate=" + accumulate + " at " + i);
            }
        }
    }

    /**
     * The packed products against their scalar twins and against dot products over the unpacked K and V:
     * key ranges that start and end inside a panel, row counts around the micro-kernel's six, head widths
     * that are not a multiple of the panel. Nothing is written outside the destination rows' columns
     * {@code [0, lds)}, nor before the offset.
     */
    @Test
    void packedScoresAndWeightedSumsAgreeWithTheTwinsAndTheUnpackedProducts() {
        int nr = AttentionGemm.panelWidth();
        for (int n : new int[] {1, 7, nr, nr + 1, 3 * nr + 5, 513}) {
            for (int d : HEAD) {
                float[] k = gaussian(n * d);
                float[] v = gaussian(n * d);
                float[] kp = new float[(int) AttentionGemm.packedKeysLength(n, d)];
                float[] vp = new float[(int) AttentionGemm.packedValuesLength(n, d)];
                float[] kp2 = kp.clone();
                float[] vp2 = vp.clone();
                AttentionGemm.packKeys(k, n, d, kp);
                AttentionGemm.packValues(v, n, d, vp);
                ScalarAttentionKernels.packKeys(k, n, d, kp2);
                ScalarAttentionKernels.packValues(v, n, d, vp2);
                assertArrayEquals(kp2, kp, "packKeys n=" + n + " d=" + d);
                assertArrayEquals(vp2, vp, "packValues n=" + n + " d=" + d);
                for (int rows : new int[] {0, 1, 5, 6, 7, 13, 24}) {
                    for (int[] range : new int[][] {{0, n}, {n / 3, n}, {0, (n + 1) / 2}, {n / 2, n / 2 + Math.min(n - n / 2, 5)}}) {
                        checkPackedScores(rows, d, n, k, kp, range[0], range[1]);
                        checkPackedWeightedSum(rows, d, n, v, vp, range[0], range[1]);
                    }
                }
            }
        }
    }

    private void checkPackedScores(int rows, int d, int n, float[] k, float[] kp, int j0, int j1) {
        int nr = AttentionGemm.panelWidth();
        int lds = AttentionGemm.padded(j1 - j0) + nr;
        float[] q = gaussian(2 + rows * d);
        float[] s1 = new float[3 + rows * lds];
        Arrays.fill(s1, Float.NaN);
        float[] s2 = s1.clone();
        AttentionGemm.scores(q, 2, rows, d, kp, j0, j1, s1, 3, lds);
        ScalarAttentionKernels.scores(q, 2, rows, d, kp, j0, j1, s2, 3, lds);
        String what = "scores rows=" + rows + " d=" + d + " keys " + j0 + ".." + j1;
        for (int i = 0; i < 3; i++) {
            assertTrue(Float.isNaN(s1[i]), what + ": wrote before the offset");
        }
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                float magnitude = ScalarAttentionKernels.dot(abs(q), 2 + r * d, abs(k), j * d, d);
                float unpacked = ScalarAttentionKernels.dot(q, 2 + r * d, k, j * d, d);
                assertNear(unpacked, s2[3 + r * lds + j - j0], magnitude, what + " (twin) at " + r + "," + j);
                assertNear(unpacked, s1[3 + r * lds + j - j0], magnitude, what + " at " + r + "," + j);
            }
        }
    }

    private void checkPackedWeightedSum(int rows, int d, int n, float[] v, float[] vp, int j0, int j1) {
        int ldw = j1 - j0 + 3;
        float[] w = gaussian(1 + rows * ldw);
        float[] o1 = new float[4 + rows * d + 2];
        Arrays.fill(o1, Float.NaN);
        float[] o2 = o1.clone();
        AttentionGemm.weightedSum(w, 1, ldw, rows, vp, n, d, j0, j1, o1, 4);
        ScalarAttentionKernels.weightedSum(w, 1, ldw, rows, vp, n, d, j0, j1, o2, 4);
        String what = "weightedSum rows=" + rows + " d=" + d + " keys " + j0 + ".." + j1;
        for (int i = 0; i < o1.length; i++) {
            boolean inside = i >= 4 && i < 4 + rows * d;
            if (!inside) {
                assertTrue(Float.isNaN(o1[i]), what + ": wrote outside the output rows at " + i);
                continue;
            }
            int r = (i - 4) / d;
            int c = (i - 4) % d;
            float expected = 0f;
            float magnitude = 0f;
            for (int j = j0; j < j1; j++) {
                expected += w[1 + r * ldw + j - j0] * v[j * d + c];
                magnitude += Math.abs(w[1 + r * ldw + j - j0] * v[j * d + c]);
            }
            assertNear(expected, o2[i], magnitude, what + " (twin) at " + i);
            assertNear(expected, o1[i], magnitude, what + " at " + i);
        }
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    /** Each public vector kernel has a scalar twin of the same name and parameter types. */
    @Test
    void everyVectorKernelHasAScalarTwin() throws Exception {
        int kernels = 0;
        java.util.Set<String> sizes = java.util.Set.of("lanes", "panelWidth", "padded", "packedKeysLength", "packedValuesLength");
        for (Class<?> vector : new Class<?>[] {VectorKernels.class, RowMatrixKernels.class, GatherKernels.class,
                LinearAttentionKernels.class, OnlineSoftmax.class, AttentionGemm.class, DecodeKernels.class}) {
            for (java.lang.reflect.Method m : vector.getDeclaredMethods()) {
                if (!java.lang.reflect.Modifier.isPublic(m.getModifiers()) || sizes.contains(m.getName())) {
                    continue;
                }
                java.lang.reflect.Method twin = ScalarAttentionKernels.class.getMethod(m.getName(), m.getParameterTypes());
                assertEquals(m.getReturnType(), twin.getReturnType(), m.toString());
                kernels++;
            }
        }
        // 6 basics and softmax, 3 row-matrix, 2 gather, 4 linear-attention, 1 online softmax step, 4 packed attention
        // products, 2 decode-step products over a cache
        assertEquals(22, kernels);
    }

    /**
     * A decode step's two products over a contiguous cache, for one query row (multi-head) and a group of rows
     * (grouped-query), against the twins and against dot products from the definition; counts below, at and
     * past the four-key blocks, head widths below and past four vectors, offsets and a leading dimension wider
     * than the count.
     */
    @Test
    void cachedScoresAndWeightedSumsAgreeWithTheTwinsAndTheDefinition() {
        for (int d : HEAD) {
            for (int count : new int[] {0, 1, 3, 4, 5, 17, 64, 513}) {
                for (int rows : new int[] {1, 4}) {
                    float[] q = gaussian(2 + rows * d);
                    float[] keys = gaussian(5 + count * d);
                    int ldo = count + 3;
                    float[] s1 = new float[1 + rows * ldo];
                    float[] s2 = new float[1 + rows * ldo];
                    ScalarAttentionKernels.cachedScores(q, 2, rows, keys, 5, count, d, s1, 1, ldo);
                    DecodeKernels.cachedScores(q, 2, rows, keys, 5, count, d, s2, 1, ldo);
                    for (int r = 0; r < rows; r++) {
                        for (int t = 0; t < count; t++) {
                            float expected = 0f;
                            float magnitude = 0f;
                            for (int c = 0; c < d; c++) {
                                expected += q[2 + r * d + c] * keys[5 + t * d + c];
                                magnitude += Math.abs(q[2 + r * d + c] * keys[5 + t * d + c]);
                            }
                            String what = "cachedScores d=" + d + " count=" + count + " rows=" + rows + " at " + r + "," + t;
                            assertNear(expected, s1[1 + r * ldo + t], magnitude, what + " (twin)");
                            assertNear(expected, s2[1 + r * ldo + t], magnitude, what);
                        }
                    }
                    float[] w = gaussian(3 + rows * ldo);
                    float[] values = gaussian(4 + count * d);
                    float[] o1 = gaussian(6 + rows * d);
                    float[] o2 = o1.clone();
                    float before = o1[5];
                    ScalarAttentionKernels.cachedWeightedSum(w, 3, ldo, rows, values, 4, count, d, o1, 6);
                    DecodeKernels.cachedWeightedSum(w, 3, ldo, rows, values, 4, count, d, o2, 6);
                    assertEquals(before, o2[5], "nothing before the output rows is touched");
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < d; c++) {
                            float expected = 0f;
                            float magnitude = 0f;
                            for (int t = 0; t < count; t++) {
                                expected += w[3 + r * ldo + t] * values[4 + t * d + c];
                                magnitude += Math.abs(w[3 + r * ldo + t] * values[4 + t * d + c]);
                            }
                            String what = "cachedWeightedSum d=" + d + " count=" + count + " rows=" + rows + " at " + r + "," + c;
                            assertNear(expected, o1[6 + r * d + c], magnitude, what + " (twin)");
                            assertNear(expected, o2[6 + r * d + c], magnitude, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlineSoftmaxStepsAgreeWithTheScalarTwinAndWithOneSoftmax() {
        for (int d : HEAD) {
            int n = 97;
            float[] scores = gaussian(n);
            scores[5] = Float.NEGATIVE_INFINITY;
            float[] values = gaussian(n * d);
            float[] state1 = {Float.NEGATIVE_INFINITY, 0f};
            float[] state2 = {Float.NEGATIVE_INFINITY, 0f};
            float[] out1 = new float[d];
            float[] out2 = new float[d];
            float[] hidden = new float[8];
            Arrays.fill(hidden, Float.NEGATIVE_INFINITY);
            assertFalse(OnlineSoftmax.step(hidden, 0, 8, state1, 0, 1, 0.3f, out1, 0, d));
            assertArrayEquals(new float[8], hidden);
            for (int j0 = 0; j0 < n; j0 += 20) {
                int len = Math.min(20, n - j0);
                float[] w1 = Arrays.copyOfRange(scores, j0, j0 + len);
                float[] w2 = w1.clone();
                assertTrue(OnlineSoftmax.step(w1, 0, len, state1, 0, 1, 0.3f, out1, 0, d));
                assertTrue(ScalarAttentionKernels.step(w2, 0, len, state2, 0, 1, 0.3f, out2, 0, d));
                assertArrayNear(w2, w1, 1f, "weights d=" + d);
                ScalarAttentionKernels.rowTimesMatrix(w1, 0, len, values, j0 * d, d, d, out1, 0, true);
                ScalarAttentionKernels.rowTimesMatrix(w2, 0, len, values, j0 * d, d, d, out2, 0, true);
            }
            assertEquals(state2[1], state1[1], 1e-5 * state2[1]);
            // the spans together give the softmax of the whole row
            float[] p = scores.clone();
            ScalarAttentionKernels.softmax(p, 0, n, 0.3f);
            float[] expected = new float[d];
            ScalarAttentionKernels.rowTimesMatrix(p, 0, n, values, 0, d, d, expected, 0, false);
            for (int c = 0; c < d; c++) {
                assertEquals(expected[c], out1[c] / state1[1], 1e-5, "d=" + d + " c=" + c);
            }
        }
    }

    private static void assertNear(float expected, float actual, float magnitude, String what) {
        double allowed = RELATIVE * Math.max(Math.abs(magnitude), Math.abs(expected)) + 1e-30;
        if (!(Math.abs(expected - actual) <= allowed)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (magnitude " + magnitude + ")");
        }
    }

    private static void assertArrayNear(float[] expected, float[] actual, float magnitude, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertNear(expected[i], actual[i], Math.max(magnitude, Math.abs(expected[i])), what + " at " + i);
        }
    }

    private static void assertElementwiseRelative(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertNear(expected[i], actual[i], expected[i], what + " at " + i);
        }
    }
}
