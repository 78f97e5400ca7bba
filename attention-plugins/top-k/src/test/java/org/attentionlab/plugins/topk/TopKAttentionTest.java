package org.attentionlab.plugins.topk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.attentionlab.core.testing.TestHeads;

class TopKAttentionTest {

    private static final int HEADS = 2;
    private static final int D = 16;

    private static float[][] run(TopKAttention attention, float[][] q, float[][] k, float[][] v, int n, boolean[] mask, boolean causal) {
        float[][] out = new float[q.length][n * D];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, D, mask, causal), out);
        return out;
    }

    @Test
    void keepingTheKLargestMatchesADenseOracleThatMasksTheRest() {
        int n = 57;
        Random random = new Random(101);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        for (int keep : new int[] {1, 5, 16}) {
            for (boolean[] mask : new boolean[][] {null, padded}) {
                for (boolean causal : new boolean[] {false, true}) {
                    float[][] out = run(new TopKAttention(keep), q, k, v, n, mask, causal);
                    for (int h = 0; h < HEADS; h++) {
                        double diff = TestHeads.maxAbsDiff(TopKOracle.topK(q[h], k[h], v[h], n, D, mask, causal, keep), out[h]);
                        assertTrue(diff < 1e-5, "k=" + keep + " padded=" + (mask != null) + " causal=" + causal + ": " + diff);
                    }
                }
            }
        }
    }

    @Test
    void kAtLeastNIsFullSoftmaxAttention() {
        int n = 33;
        Random random = new Random(102);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        padded[0] = false; // causal query 0 then sees nothing: a zero row
        for (int keep : new int[] {n, 1000}) {
            for (boolean[] mask : new boolean[][] {null, padded}) {
                for (boolean causal : new boolean[] {false, true}) {
                    float[][] out = run(new TopKAttention(keep), q, k, v, n, mask, causal);
                    for (int h = 0; h < HEADS; h++) {
                        double diff = TestHeads.maxAbsDiff(TopKOracle.full(q[h], k[h], v[h], n, D, mask, causal), out[h]);
                        assertTrue(diff < 1e-5, "k=" + keep + " padded=" + (mask != null) + " causal=" + causal + ": " + diff);
                    }
                }
            }
        }
    }

    @Test
    void tiesKeepTheLowestKeyIndices() {
        int n = 12;
        float[][] q = new float[1][n * D];
        float[][] k = new float[1][n * D];
        Arrays.fill(q[0], 0.5f);
        Arrays.fill(k[0], 0.25f); // every score equal
        float[][] v = new float[1][n * D];
        for (int j = 0; j < n; j++) {
            Arrays.fill(v[0], j * D, j * D + D, j);
        }
        boolean[] mask = TestHeads.trailingPadding(n, n);
        mask[0] = false;
        mask[2] = false; // real keys 1, 3, 4, 5, ...
        float[][] out = run(new TopKAttention(3), q, k, v, n, mask, false);
        for (int i = 0; i < n; i++) {
            assertEquals((1 + 3 + 4) / 3f, out[0][i * D], 1e-6, "query " + i);
        }
    }

    /**
     * Keys drawn from 6 distinct rows, each repeated at scattered positions with its own value row: every score
     * ties exactly with those of its copies (equal inputs give equal floats whatever the summation order), and
     * k = 5, 8, 13 cut through tie groups. The plugin (vector dot, softmax and gathered PV) must keep the same
     * keys as a double-precision oracle (lower index wins a tie; padded and, when causal, future keys never
     * offered) and agree with it to float rounding: a tie broken the other way moves an output row by about
     * the difference of two value rows, 1e-1 here.
     */
    @Test
    void exactTiesAcrossTheKBoundaryMatchADoublePrecisionOracle() {
        int n = 45;
        int distinct = 6;
        Random random = new Random(105);
        float[][] q = TestHeads.gaussian(random, 1, n, D);
        float[][] rows = TestHeads.gaussian(random, 1, distinct, D);
        float[][] k = new float[1][n * D];
        for (int j = 0; j < n; j++) {
            System.arraycopy(rows[0], random.nextInt(distinct) * D, k[0], j * D, D);
        }
        float[][] v = TestHeads.gaussian(random, 1, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        assertDistinctScoresWellSeparated(q[0], rows[0], n, distinct);
        for (int keep : new int[] {5, 8, 13}) {
            for (boolean[] mask : new boolean[][] {null, padded}) {
                for (boolean causal : new boolean[] {false, true}) {
                    float[] out = run(new TopKAttention(keep), q, k, v, n, mask, causal)[0];
                    double diff = TestHeads.maxAbsDiff(TopKOracle.topKDouble(q[0], k[0], v[0], n, D, mask, causal, keep), out);
                    assertTrue(diff < 1e-5, "k=" + keep + " padded=" + (mask != null) + " causal=" + causal + ": " + diff);
                }
            }
        }
    }

    /** The oracle's ranking must not hinge on rounding: distinct rows' scores differ by far more than float error. */
    private static void assertDistinctScoresWellSeparated(float[] q, float[] rows, int n, int distinct) {
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < distinct; a++) {
                for (int b = a + 1; b < distinct; b++) {
                    double sa = 0;
                    double sb = 0;
                    for (int c = 0; c < D; c++) {
                        sa += (double) q[i * D + c] * rows[a * D + c];
                        sb += (double) q[i * D + c] * rows[b * D + c];
                    }
                    assertTrue(Math.abs(sa - sb) > 1e-4, "query " + i + ": rows " + a + " and " + b + " nearly tie");
                }
            }
        }
    }

    @Test
    void paddedKeysAreNeverKeptHoweverLargeTheirScores() {
        int n = 20;
        Random random = new Random(103);
        float[][] q = TestHeads.gaussian(random, 1, n, D);
        float[][] k = TestHeads.gaussian(random, 1, n, D);
        float[][] v = TestHeads.gaussian(random, 1, n, D);
        boolean[] mask = TestHeads.scatteredPadding(random, n);
        float[][] before = run(new TopKAttention(4), q, k, v, n, mask, false);
        for (int j = 0; j < n; j++) {
            if (!mask[j]) {
                System.arraycopy(q[0], 0, k[0], j * D, D);
                for (int c = 0; c < D; c++) {
                    k[0][j * D + c] *= 1000f; // would win every row it may compete in
                    v[0][j * D + c] = 1e6f;
                }
            }
        }
        assertArrayEquals(before[0], run(new TopKAttention(4), q, k, v, n, mask, false)[0]);
    }

    @Test
    void selectorKeepsTheSameSetWhateverTheOfferOrder() {
        float[] scores = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < scores.length; j++) {
            order.add(j);
        }
        Random random = new Random(104);
        for (int trial = 0; trial < 20; trial++) {
            Collections.shuffle(order, random);
            // 9 at 5, 12, 14; 8 at 11; 7 at 13; then the 6 at 7
            assertArrayEquals(new int[] {5, 11, 12, 13, 14}, kept(scores, order, 5), "order " + order);
            assertArrayEquals(new int[] {5, 7, 11, 12, 13, 14}, kept(scores, order, 6), "order " + order);
            // ... then two of the three 5s (at 4, 8, 10): the tie keeps the lower indices 4 and 8
            assertArrayEquals(new int[] {4, 5, 7, 8, 11, 12, 13, 14}, kept(scores, order, 8), "order " + order);
        }
    }

    private static int[] kept(float[] scores, List<Integer> order, int capacity) {
        TopKSelector selector = new TopKSelector();
        selector.reset(scores, capacity);
        order.forEach(selector::offer);
        int[] kept = new int[selector.size()];
        for (int s = 0; s < kept.length; s++) {
            kept[s] = selector.key(s);
        }
        Arrays.sort(kept);
        return kept;
    }

    @Test
    void scoresAreQuadraticSoftmaxAndValuesLinearInK() {
        TopKAttention attention = new TopKAttention(32);
        for (boolean causal : new boolean[] {false, true}) {
            AttentionCost c1 = attention.cost(new AttentionShape(4096, 12, 64, causal));
            AttentionCost c2 = attention.cost(new AttentionShape(8192, 12, 64, causal));
            double ratio = (double) c2.flops() / c1.flops();
            assertTrue(ratio > 3.9 && ratio < 4.0, "cost(2n)/cost(n) = " + ratio);
            assertEquals(12L * 4096 * Float.BYTES, c2.scratchBytes() - c1.scratchBytes(), "one score row per head");
        }
        // one more kept key costs one more (2d + 4) per query, not per pair
        long k1 = new TopKAttention(1).cost(new AttentionShape(1000, 1, 64, false)).flops();
        long k2 = new TopKAttention(2).cost(new AttentionShape(1000, 1, 64, false)).flops();
        assertEquals(1000L * (2 * 64 + 4), k2 - k1);
    }

}
