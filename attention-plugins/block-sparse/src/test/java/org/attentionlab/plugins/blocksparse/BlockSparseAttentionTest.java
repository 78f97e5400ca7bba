package org.attentionlab.plugins.blocksparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.mask.BigBird;
import org.attentionlab.core.sparse.BlockMap;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.BigBirdBlocks;
import org.junit.jupiter.api.Test;
import org.attentionlab.core.testing.TestHeads;
import org.attentionlab.core.testing.DenseSoftmaxOracle;

class BlockSparseAttentionTest {

    private static final int HEADS = 2;
    private static final int D = 16;

    /** The block-sparse plugin's attention for a pattern, as its factory builds it. */
    private static Attention engine(BigBird pattern) {
        return new BlockSparseAttention(pattern, null, BlockSparseFactory.engineBlock(pattern.block()));
    }

    private static float[][] run(Attention attention, float[][] q, float[][] k, float[][] v, int n, boolean[] mask, boolean causal) {
        float[][] out = new float[q.length][n * D];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, D, mask, causal), out);
        return out;
    }

    /**
     * The n x n mask the test derives from the rules: window and global blocks by the rule, the random blocks the
     * pattern drew (their own rules are checked in BigBirdTest), causal order inside the diagonal.
     */
    static boolean[][] explicitMask(BigBird pattern, int n, int window, int global, boolean causal) {
        int b = pattern.block();
        int blockCount = (n - 1) / b + 1;
        boolean[][] mask = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            Set<Integer> blocks = new TreeSet<>(BigBirdBlocks.windowAndGlobal(i / b, blockCount, window, global, causal));
            for (int r : pattern.randomBlocks(i / b, blockCount, causal)) {
                blocks.add(r);
            }
            for (int j = 0; j < n; j++) {
                mask[i][j] = blocks.contains(j / b) && (!causal || j <= i);
            }
        }
        return mask;
    }

    /** Dense softmax attention in double over the allowed, unpadded keys; a row with none stays zero. */
    static double[] denseMasked(float[] q, float[] k, float[] v, int n, int d, boolean[][] allowed, boolean[] padding) {
        return DenseSoftmaxOracle.attention(new float[][] {q}, new float[][] {k}, new float[][] {v}, n, d, padding,
                (i, j) -> allowed[i][j])[0];
    }

    @Test
    void matchesDenseAttentionUnderTheExplicitBlockMask() {
        int n = 75; // blocks of 8: the last holds 3 tokens
        Random random = new Random(201);
        float[][] q = TestHeads.gaussian(random, HEADS, n, D);
        float[][] k = TestHeads.gaussian(random, HEADS, n, D);
        float[][] v = TestHeads.gaussian(random, HEADS, n, D);
        boolean[] padded = TestHeads.scatteredPadding(random, n);
        int[][] configs = {{8, 3, 1, 2}, {8, 1, 0, 1}, {8, 5, 2, 0}, {5, 3, 0, 3}};
        for (int[] c : configs) {
            BigBird pattern = new BigBird(c[0], c[1], c[2], c[3], 9);
            for (boolean causal : new boolean[] {false, true}) {
                boolean[][] allowed = explicitMask(pattern, n, c[1], c[2], causal);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(allowed[i][j], pattern.covers(i, j, n, causal), "covers(" + i + ", " + j + ")");
                    }
                }
                for (boolean[] mask : new boolean[][] {null, padded}) {
                    float[][] out = run(engine(pattern), q, k, v, n, mask, causal);
                    for (int h = 0; h < HEADS; h++) {
                        double diff = TestHeads.maxAbsDiff(denseMasked(q[h], k[h], v[h], n, D, allowed, mask), out[h]);
                        assertTrue(diff < 1e-5, Arrays.toString(c) + " causal=" + causal + " padded=" + (mask != null) + ": " + diff);
                    }
                }
            }
        }
    }

    @Test
    void aWindowOverEveryBlockOrOneHugeBlockIsFullAttention() {
        int n = 30;
        Random random = new Random(202);
        float[][] q = TestHeads.gaussian(random, 1, n, D);
        float[][] k = TestHeads.gaussian(random, 1, n, D);
        float[][] v = TestHeads.gaussian(random, 1, n, D);
        boolean[][] all = new boolean[n][n];
        for (boolean[] row : all) {
            Arrays.fill(row, true);
        }
        double[] full = denseMasked(q[0], k[0], v[0], n, D, all, null);
        float[][] out = run(engine(new BigBird(4, 15, 0, 0, 0)), q, k, v, n, null, false);
        assertTrue(TestHeads.maxAbsDiff(full, out[0]) < 1e-5);
        // so is one block holding the whole sequence, however large the block
        out = run(engine(new BigBird(Integer.MAX_VALUE, 1, 0, 0, 0)), q, k, v, n, null, false);
        assertTrue(TestHeads.maxAbsDiff(full, out[0]) < 1e-5);
    }

    @Test
    void theBlockMapCountsExactlyTheCoveredPairsAndAlignedTilesAreWhole() {
        int n = 75;
        for (boolean causal : new boolean[] {false, true}) {
            BigBird pattern = new BigBird(16, 3, 1, 2, 3);
            long covered = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (pattern.covers(i, j, n, causal)) {
                        covered++;
                    }
                }
            }
            BlockMap map = BlockMap.build(pattern, n, causal, BlockSparseFactory.engineBlock(16));
            assertEquals(covered, map.coveredPairs(), "causal=" + causal);
            // tiles aligned with the pattern's blocks are whole: only causal diagonals compute hidden pairs
            long diagonal = 0;
            for (int b = 0; b < n; b += 16) {
                long rows = Math.min(16, n - b);
                diagonal += rows * (rows - 1) / 2;
            }
            assertEquals(covered + (causal ? diagonal : 0), map.computedPairs(), "causal=" + causal);
        }
    }

    @Test
    void costGrowsLinearlyWithN() {
        Attention attention = engine(new BigBird(64, 3, 1, 2, 0));
        for (boolean causal : new boolean[] {false, true}) {
            AttentionCost c1 = attention.cost(new AttentionShape(8192, 12, 64, causal));
            AttentionCost c2 = attention.cost(new AttentionShape(16384, 12, 64, causal));
            double ratio = (double) c2.flops() / c1.flops();
            assertTrue(ratio > 1.95 && ratio < 2.05, "causal=" + causal + " cost(2n)/cost(n) = " + ratio);
        }
        // scratch is linear in n: K^T per thread and the block map, no n x n matrix
        Attention local = engine(new BigBird(64, 3, 0, 2, 0));
        AttentionCost s1 = local.cost(new AttentionShape(8192, 12, 64, false));
        AttentionCost s2 = local.cost(new AttentionShape(16384, 12, 64, false));
        double scratchRatio = (double) s2.scratchBytes() / s1.scratchBytes();
        assertTrue(scratchRatio > 1.9 && scratchRatio < 2.05, "scratch(2n)/scratch(n) = " + scratchRatio);
    }

}
