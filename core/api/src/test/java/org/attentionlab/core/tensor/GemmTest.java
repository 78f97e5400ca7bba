package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Linear} (the vectorised GEMM) and {@link Gemm#scalarReference} against an oracle computed here in
 * double precision, on shapes that hit every tail: rows not a multiple of the tile's rows (6 with AVX-512,
 * 4 with AVX2: every leftover count, and a second row block), {@code in} of 1 and odd sizes, {@code out} below, between and just
 * past multiples of the vector length and the panel width.
 */
class GemmTest {

    private static final int[] ROWS = {1, 7, 513};
    private static final int[] INS = {1, 3, 32, 64, 80, 384, 385};
    private static final int[] OUTS = {1, 5, 17, 32, 64, 80, 384, 1536, 1537};
    /**
     * With 6-row tiles these leave 2, 4, 5 and 5 rows over, with 4-row tiles 2, 0, 1 and 3 (7 leaves 3, 513
     * leaves 1); 52 spills into a second row block (48 or 32 rows).
     */
    private static final int[] MORE_ROWS = {2, 4, 5, 11, 52};
    /** Allowed error, relative to the magnitude {@code |b| + sum |x w|} of each output. */
    private static final double RELATIVE = 1e-5;

    @AfterEach
    void oneThread() {
        Parallel.setThreads(1);
    }

    /**
     * Every in x out for 1 and 7 rows; the other leftover-row counts on a few awkward in x out; for 513
     * rows (11 row blocks, the last of 5 tiles + 3 leftover rows) every in against the small and mid outs,
     * plus the model's own widths.
     */
    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int rows : ROWS) {
            for (int in : INS) {
                for (int out : OUTS) {
                    boolean big = rows == 513 && out > 384;
                    if (!big || (in == 384 && out == 1536) || (in == 385 && out == 1537)) {
                        shapes.add(Arguments.of(rows, in, out));
                    }
                }
            }
        }
        shapes.add(Arguments.of(513, 1536, 384));
        for (int rows : MORE_ROWS) {
            for (int in : new int[] {3, 80, 385}) {
                for (int out : new int[] {5, 80, 1537}) {
                    shapes.add(Arguments.of(rows, in, out));
                }
            }
        }
        return shapes.stream();
    }

    @ParameterizedTest(name = "rows {0}, in {1}, out {2}")
    @MethodSource("shapes")
    void vectorisedMatchesOracle(int rows, int in, int out) {
        SplittableRandom random = new SplittableRandom(31L * rows + 7L * in + out);
        float[] x = uniform(random, rows * in);
        float[] w = uniform(random, in * out);
        float[] bias = uniform(random, out);
        Oracle oracle = new Oracle(x, rows, in, w, out);
        for (boolean withBias : new boolean[] {false, true}) {
            float[] b = withBias ? bias : null;
            Linear linear = new Linear(w, in, out, b);
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                float[] y = new float[rows * out + 5];
                java.util.Arrays.fill(y, Float.NaN); // forward must overwrite every output, and nothing past it
                linear.forward(x, rows, y);
                oracle.check(y, b, "vectorised, bias " + withBias + ", threads " + threads);
                for (int i = rows * out; i < y.length; i++) {
                    assertTrue(Float.isNaN(y[i]), "forward wrote past rows x out at " + i);
                }
            }
            if (rows * (long) in * out < 50_000_000L) {
                float[] y = new float[rows * out];
                Gemm.scalarReference(x, rows, in, w, out, b, y);
                oracle.check(y, b, "scalar reference, bias " + withBias);
            }
        }
    }

    @Test
    void knownProductWithBias() {
        // [1 2; 3 4] x [[1 0 2]; [0 1 3]] + [10 20 30] = [[11 22 38]; [13 24 48]]
        Linear linear = new Linear(new float[] {1, 0, 2, 0, 1, 3}, 2, 3, new float[] {10, 20, 30});
        float[] y = new float[6];
        linear.forward(new float[] {1, 2, 3, 4}, 2, y);
        assertEquals(List.of(11f, 22f, 38f, 13f, 24f, 48f), boxed(y));
    }

    @Test
    void zeroRowsWritesNothing() {
        Linear linear = new Linear(new float[] {1, 2}, 1, 2, null);
        float[] y = {7, 7};
        linear.forward(new float[0], 0, y);
        assertEquals(List.of(7f, 7f), boxed(y));
    }

    @Test
    void rejectsBadShapesWithClearMessages() {
        assertEquals("weight has 5 values, expected 2 x 3",
                assertThrows(IllegalArgumentException.class, () -> new Linear(new float[5], 2, 3, null)).getMessage());
        assertEquals("bias has 2 values, expected 3",
                assertThrows(IllegalArgumentException.class, () -> new Linear(new float[6], 2, 3, new float[2])).getMessage());
        assertEquals("Linear needs in >= 1 and out >= 1, got 0 x 3",
                assertThrows(IllegalArgumentException.class, () -> new Linear(new float[0], 0, 3, null)).getMessage());
        Linear linear = new Linear(new float[6], 2, 3, null);
        assertEquals("x has 3 values, expected at least 2 x 2",
                assertThrows(IllegalArgumentException.class, () -> linear.forward(new float[3], 2, new float[6])).getMessage());
        assertEquals("y has 5 values, expected at least 2 x 3",
                assertThrows(IllegalArgumentException.class, () -> linear.forward(new float[4], 2, new float[5])).getMessage());
        assertEquals("rows must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> linear.forward(new float[4], -1, new float[6])).getMessage());
    }

    @Test
    void describesTheVectorWidth() {
        String text = VectorInfo.describe();
        int floats = VectorInfo.floatsPerVector();
        assertTrue(text.contains(floats + " floats per vector (FloatVector.SPECIES_" + floats * 32 + ")"), text);
    }

    /**
     * Exact products in double, and the magnitude each output's rounding error scales with. Past 64 rows
     * it checks every 5th row (5 is prime to the 6-row tile, so every position in a tile and every row
     * block is covered) and the last 7 (the leftover rows), to keep the large shapes fast.
     */
    private static final class Oracle {
        final int rows;
        final int out;
        final double[] product;
        final double[] magnitude;

        Oracle(float[] x, int rows, int in, float[] w, int out) {
            this.rows = rows;
            this.out = out;
            product = new double[rows * out];
            magnitude = new double[rows * out];
            for (int r = 0; r < rows; r++) {
                if (!checked(r)) {
                    continue;
                }
                for (int i = 0; i < in; i++) {
                    double a = x[r * in + i];
                    for (int o = 0; o < out; o++) {
                        double term = a * w[i * out + o];
                        product[r * out + o] += term;
                        magnitude[r * out + o] += Math.abs(term);
                    }
                }
            }
        }

        boolean checked(int r) {
            return rows <= 64 || r % 5 == 0 || r >= rows - 7;
        }

        void check(float[] y, float[] bias, String what) {
            for (int r = 0; r < rows; r++) {
                if (!checked(r)) {
                    continue;
                }
                for (int o = 0; o < out; o++) {
                    double b = bias == null ? 0 : bias[o];
                    double expected = product[r * out + o] + b;
                    double allowed = RELATIVE * (magnitude[r * out + o] + Math.abs(b)) + 1e-30;
                    float got = y[r * out + o];
                    if (!(Math.abs(got - expected) <= allowed)) {
                        fail(what + ": y[" + r + ", " + o + "] = " + got + ", expected " + expected + " +- " + allowed);
                    }
                }
            }
        }
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static List<Float> boxed(float[] v) {
        List<Float> list = new ArrayList<>();
        for (float f : v) {
            list.add(f);
        }
        return list;
    }
}
