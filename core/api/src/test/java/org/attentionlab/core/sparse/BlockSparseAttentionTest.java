package org.attentionlab.core.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.MaskGrammar;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.DenseSoftmaxOracle;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.api.Test;

/** The engine against the double-precision dense masked-softmax oracle on random inputs. */
class BlockSparseAttentionTest {

    private static final List<String> MASKS = List.of("all", "window(5)", "window(40) | sinks(3)", "causal & window(9)",
            "global(2) | dilated(30, 4)", "prefix(7) & !window(1)", "(window(20) & !window(4)) | global(1) | sinks(2)",
            "bigbird(8, 3, 1, 2, 5) & !causal", "bigbird(16, 1, 0, 1, 3) | window(2)");

    private static float[][] forward(BlockSparseAttention attention, float[][] q, float[][] k, float[][] v, int n, int d,
                                     boolean[] padding, boolean causal) {
        float[][] out = new float[q.length][n * d];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, d, padding, causal), out);
        return out;
    }

    @Test
    void agreesWithTheDenseOracleForMasksAndCombinations() {
        Random random = new Random(11);
        for (String expression : MASKS) {
            Mask mask = MaskGrammar.parseMask("mask", expression);
            // odd n, n not a multiple of the block, n below one block
            for (int n : new int[] {1, 37, 101}) {
                int d = n == 101 ? 33 : 16;  // 33: a vector tail in every kernel
                float[][] q = TestHeads.gaussian(random, 2, n, d);
                float[][] k = TestHeads.gaussian(random, 2, n, d);
                float[][] v = TestHeads.gaussian(random, 2, n, d);
                for (boolean causal : new boolean[] {false, true}) {
                    for (boolean[] padding : new boolean[][] {null, TestHeads.scatteredPadding(random, n)}) {
                        for (int block : new int[] {8, 32}) {
                            float[][] out = forward(new BlockSparseAttention(mask, null, block), q, k, v, n, d, padding, causal);
                            double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, padding,
                                    (i, j) -> mask.covers(i, j, n, causal));
                            for (int h = 0; h < 2; h++) {
                                double diff = TestHeads.maxAbsDiff(expected[h], out[h]);
                                assertTrue(diff < 2e-5, expression + " n=" + n + " causal=" + causal + " padded="
                                        + (padding != null) + " block=" + block + ": " + diff);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Outside the band a global token leaves tiles with one visible row and sinks leave tiles with a few
     * visible columns: those tiles are boxed (only the box is computed), band-edge corners too, and the
     * engine still agrees with the oracle on them.
     */
    @Test
    void aGlobalTokensRowAndSinkColumnsAreComputedOnTheirBoxesAlone() {
        int n = 256;
        int block = 32;
        Mask mask = MaskGrammar.parseMask("mask", "window(8) | global(1) | sinks(3)");
        BlockMap map = BlockMap.build(mask, n, false, block);
        int globalRow = entry(map, 0, 5);   // far outside the band: only query 0 (global) sees these keys
        assertTrue(map.boxed(globalRow));
        assertEquals(List.of(0, 1, 0, 32), box(map, globalRow));
        int sinkColumns = entry(map, 5, 0); // every query sees key 0 (global) and keys 1 and 2 (sinks)
        assertTrue(map.boxed(sinkColumns));
        assertEquals(List.of(0, 32, 0, 3), box(map, sinkColumns));
        int bandCorner = entry(map, 5, 6);  // |i - j| <= 8 reaches the next tile's 8 x 8 corner
        assertTrue(map.boxed(bandCorner));
        assertEquals(List.of(24, 32, 0, 8), box(map, bandCorner));
        assertFalse(map.boxed(entry(map, 5, 5)));
        Random random = new Random(13);
        int d = 16;
        float[][] q = TestHeads.gaussian(random, 2, n, d);
        float[][] k = TestHeads.gaussian(random, 2, n, d);
        float[][] v = TestHeads.gaussian(random, 2, n, d);
        for (boolean causal : new boolean[] {false, true}) {
            for (boolean[] padding : new boolean[][] {null, TestHeads.scatteredPadding(random, n)}) {
                float[][] out = forward(new BlockSparseAttention(mask, null, block), q, k, v, n, d, padding, causal);
                double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, padding, (i, j) -> mask.covers(i, j, n, causal));
                for (int h = 0; h < 2; h++) {
                    double diff = TestHeads.maxAbsDiff(expected[h], out[h]);
                    assertTrue(diff < 2e-5, "causal=" + causal + " padded=" + (padding != null) + ": " + diff);
                }
            }
        }
    }

    private static int entry(BlockMap map, int queryBlock, int keyBlock) {
        for (int e = map.rowStart(queryBlock); e < map.rowEnd(queryBlock); e++) {
            if (map.keyBlock(e) == keyBlock) {
                return e;
            }
        }
        throw new AssertionError("no tile (" + queryBlock + ", " + keyBlock + ")");
    }

    private static List<Integer> box(BlockMap map, int entry) {
        return List.of(map.boxRowFrom(entry), map.boxRowTo(entry), map.boxColFrom(entry), map.boxColTo(entry));
    }

    @Test
    void scoreModifiersAgreeWithTheOracleOnModifiedLogits() {
        Random random = new Random(12);
        int n = 45;
        int d = 16;
        int heads = 3;
        float[][] q = TestHeads.gaussian(random, heads, n, d);
        float[][] k = TestHeads.gaussian(random, heads, n, d);
        float[][] v = TestHeads.gaussian(random, heads, n, d);
        boolean[] padding = TestHeads.scatteredPadding(random, n);
        for (String score : new String[] {"alibi", "softcap(2)", "temperature(0.5)", "alibi, softcap(3)"}) {
            ScoreModifier modifier = MaskGrammar.parseScore("score", score);
            Mask mask = MaskGrammar.parseMask("mask", "window(12) | sinks(1)");
            float[][] out = forward(new BlockSparseAttention(mask, modifier, 16), q, k, v, n, d, padding, false);
            for (int h = 0; h < heads; h++) {
                double[] expected = modifiedOracle(q[h], k[h], v[h], n, d, padding, mask, modifier, h, heads);
                double diff = TestHeads.maxAbsDiff(expected, out[h]);
                assertTrue(diff < 2e-5, score + " head " + h + ": " + diff);
            }
        }
    }

    /** Softmax over the modified logits, in double, from the definition. */
    private static double[] modifiedOracle(float[] q, float[] k, float[] v, int n, int d, boolean[] padding, Mask mask,
                                           ScoreModifier modifier, int h, int heads) {
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] logit = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                logit[j] = Double.NEGATIVE_INFINITY;
                if (padding[j] && mask.covers(i, j, n, false)) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += (double) q[i * d + c] * k[j * d + c];
                    }
                    logit[j] = modifier.apply((float) (dot / Math.sqrt(d)), h, heads, i, j);
                    max = Math.max(max, logit[j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logit[j] - max);
            }
            for (int j = 0; j < n; j++) {
                double p = Math.exp(logit[j] - max) / sum;
                for (int c = 0; c < d; c++) {
                    out[i * d + c] += p * v[j * d + c];
                }
            }
        }
        return out;
    }

    @Test
    void aQueryThatSeesNoKeyOutputsZeros() {
        int n = 20;
        int d = 8;
        float[][] x = TestHeads.gaussian(new Random(13), 1, n, d);
        // window(0) is not writable in YAML but is a valid mask: each query sees itself; padding hides keys 10..19
        float[][] out = forward(new BlockSparseAttention(Masks.window(0), null, 8), x, x, x, n, d,
                TestHeads.trailingPadding(n, 10), false);
        assertArrayEquals(new float[10 * d], Arrays.copyOfRange(out[0], 10 * d, 20 * d));
        assertTrue(out[0][0] != 0f);
    }

    @Test
    void parallelHeadsAndAReusedInstanceGiveTheSerialResult() {
        Random random = new Random(14);
        int n = 90;
        int d = 16;
        float[][] q = TestHeads.gaussian(random, 5, n, d);
        float[][] k = TestHeads.gaussian(random, 5, n, d);
        float[][] v = TestHeads.gaussian(random, 5, n, d);
        Mask mask = MaskGrammar.parseMask("mask", "window(20) | global(2)");
        float[][] serial = forward(new BlockSparseAttention(mask, null, 16), q, k, v, n, d, null, true);
        BlockSparseAttention reused = new BlockSparseAttention(mask, null, 16);
        float[][] big = TestHeads.gaussian(random, 5, 200, d);
        forward(reused, big, big, big, 200, d, null, false);
        Parallel.setThreads(2);
        try {
            float[][] parallel = forward(reused, q, k, v, n, d, null, true);
            for (int h = 0; h < 5; h++) {
                assertArrayEquals(serial[h], parallel[h], "head " + h);
            }
        } finally {
            Parallel.setThreads(1);
        }
    }

    @Test
    void costIsInProportionToTheTilesComputed() {
        AttentionShape shape = new AttentionShape(4096, 12, 32, false);
        long full = new BlockSparseAttention(Masks.all(), null, 64).cost(shape).flops();
        BlockMap map = BlockMap.build(Masks.window(256), 4096, false, 64);
        double c = (double) map.tiles() / map.denseTiles();
        double ratio = (double) new BlockSparseAttention(Masks.window(256), null, 64).cost(shape).flops() / full;
        assertEquals(c, ratio, 0.01 * c, "flops ratio against the fraction of tiles");
        // window 256 at block 64: a query block touches 9 key tiles (fewer at the ends) of 64
        assertEquals(64L * 9 - 2 * (4 + 3 + 2 + 1), map.tiles());
        assertTrue(new BlockSparseAttention(Masks.window(256), null, 64).pattern().isPresent());
        assertTrue(new BlockSparseAttention(Masks.all(), null, 64).pattern().isEmpty());
    }
}
