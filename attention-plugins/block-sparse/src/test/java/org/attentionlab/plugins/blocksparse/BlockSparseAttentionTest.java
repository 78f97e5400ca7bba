package org.attentionlab.plugins.blocksparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.attentionlab.core.testing.TestHeads;
import org.attentionlab.core.testing.DenseSoftmaxOracle;

class BlockSparseAttentionTest {

    private static final int HEADS = 2;
    private static final int D = 16;

    private static float[][] run(BlockSparseAttention attention, float[][] q, float[][] k, float[][] v, int n, boolean[] mask, boolean causal) {
        float[][] out = new float[q.length][n * D];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, D, mask, causal), out);
        return out;
    }

    /**
     * The n x n mask the test derives from the rules: window and global blocks by the rule, the random blocks the
     * pattern drew (their own rules are checked in BlockSparsePatternTest), causal order inside the diagonal.
     */
    static boolean[][] explicitMask(BlockSparsePattern pattern, int n, int window, int global, boolean causal) {
        int b = pattern.blockSize();
        int blockCount = (n - 1) / b + 1;
        boolean[][] mask = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            Set<Integer> blocks = new TreeSet<>(BlockSparsePatternTest.windowAndGlobal(i / b, blockCount, window, global, causal));
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
            BlockSparsePattern pattern = new BlockSparsePattern(c[0], c[1], c[2], c[3], 9);
            for (boolean causal : new boolean[] {false, true}) {
                boolean[][] allowed = explicitMask(pattern, n, c[1], c[2], causal);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(allowed[i][j], pattern.covers(i, j, n, causal), "covers(" + i + ", " + j + ")");
                    }
                }
                for (boolean[] mask : new boolean[][] {null, padded}) {
                    float[][] out = run(new BlockSparseAttention(pattern), q, k, v, n, mask, causal);
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
        float[][] out = run(new BlockSparseAttention(new BlockSparsePattern(4, 15, 0, 0, 0)), q, k, v, n, null, false);
        assertTrue(TestHeads.maxAbsDiff(full, out[0]) < 1e-5);
        // so is one block holding the whole sequence, however large the block
        out = run(new BlockSparseAttention(new BlockSparsePattern(Integer.MAX_VALUE, 1, 0, 0, 0)), q, k, v, n, null, false);
        assertTrue(TestHeads.maxAbsDiff(full, out[0]) < 1e-5);
    }

    @Test
    void aQueryWhoseBlocksAreAllPaddedOutputsZeros() {
        int n = 12;
        float[][] x = TestHeads.gaussian(new Random(203), 1, n, D);
        boolean[] mask = TestHeads.trailingPadding(n, 8); // block 2 = keys 8..11 all padded
        float[][] out = run(new BlockSparseAttention(new BlockSparsePattern(4, 1, 0, 0, 0)), x, x, x, n, mask, false);
        assertArrayEquals(new float[4 * D], Arrays.copyOfRange(out[0], 8 * D, 12 * D));
    }

    @Test
    void costCountsExactlyTheCoveredPairs() {
        int n = 75;
        for (boolean causal : new boolean[] {false, true}) {
            BlockSparsePattern pattern = new BlockSparsePattern(8, 3, 1, 2, 3);
            long covered = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (pattern.covers(i, j, n, causal)) {
                        covered++;
                    }
                }
            }
            AttentionCost cost = new BlockSparseAttention(pattern).cost(new AttentionShape(n, 3, D, causal));
            assertEquals(3 * covered * (4L * D + 4), cost.flops(), "causal=" + causal);
        }
    }

    @Test
    void costGrowsLinearlyWithN() {
        BlockSparseAttention attention = new BlockSparseAttention(new BlockSparsePattern(64, 3, 1, 2, 0));
        for (boolean causal : new boolean[] {false, true}) {
            AttentionCost c1 = attention.cost(new AttentionShape(8192, 12, 64, causal));
            AttentionCost c2 = attention.cost(new AttentionShape(16384, 12, 64, causal));
            double ratio = (double) c2.flops() / c1.flops();
            assertTrue(ratio > 1.95 && ratio < 2.05, "causal=" + causal + " cost(2n)/cost(n) = " + ratio);
        }
        // without global blocks the score row is bounded by (w + r) blocks: scratch grows only by the layout's ints
        BlockSparseAttention local = new BlockSparseAttention(new BlockSparsePattern(64, 3, 0, 2, 0));
        AttentionCost s1 = local.cost(new AttentionShape(8192, 12, 64, false));
        AttentionCost s2 = local.cost(new AttentionShape(16384, 12, 64, false));
        assertEquals(128L * 5 * Integer.BYTES, s2.scratchBytes() - s1.scratchBytes());
    }

    @Test
    void scratchHeldAfterAForwardIsWhatTheCostModelReports() {
        int n = 75;
        float[][] x = TestHeads.gaussian(new Random(204), 3, n, D);
        for (boolean causal : new boolean[] {false, true}) {
            BlockSparseAttention attention = new BlockSparseAttention(new BlockSparsePattern(8, 3, 1, 2, 0));
            attention.forward(new AttentionInput(x, x, x, n, D, null, causal), new float[3][n * D]);
            assertEquals(attention.cost(new AttentionShape(n, 3, D, causal)).scratchBytes(), attention.allocatedScratchBytes(n, causal));
        }
    }

    @Test
    void headsInParallelGiveTheSameOutputAndReusedScratchDoesNotLeak() {
        int n = 70;
        Random random = new Random(205);
        float[][] q = TestHeads.gaussian(random, 4, n, D);
        float[][] k = TestHeads.gaussian(random, 4, n, D);
        float[][] v = TestHeads.gaussian(random, 4, n, D);
        BlockSparsePattern pattern = new BlockSparsePattern(8, 3, 1, 2, 0);
        float[][] serial = run(new BlockSparseAttention(pattern), q, k, v, n, null, true);
        BlockSparseAttention reused = new BlockSparseAttention(pattern);
        float[][] big = TestHeads.gaussian(random, 4, 140, D);
        run(reused, big, big, big, 140, null, false);
        Parallel.setThreads(2);
        try {
            float[][] parallel = run(reused, q, k, v, n, null, true);
            for (int h = 0; h < 4; h++) {
                assertArrayEquals(serial[h], parallel[h], "head " + h);
            }
        } finally {
            Parallel.setThreads(1);
        }
    }
}
