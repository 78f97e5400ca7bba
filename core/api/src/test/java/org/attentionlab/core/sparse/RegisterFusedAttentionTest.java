package org.attentionlab.core.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.MaskGrammar;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.tensor.FusedAttentionKernel;
import org.attentionlab.core.testing.DenseSoftmaxOracle;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.api.Test;

/**
 * The block engine on the register-fused kernel, both tile shapes whatever this machine's vector width
 * (SPECIES_512's 2 x 16 queries x 4 keys and SPECIES_256's 2 x 8 x 3), against the double-precision dense masked-softmax
 * oracle: every mask kind (full, partial and boxed tiles), causal, padded keys, dHead 32, 64 and odd, n and
 * block not multiples of the panel or the key tile.
 */
class RegisterFusedAttentionTest {

    private static final List<FusedAttentionKernel> SHAPES = List.of(FusedAttentionKernel.wide(), FusedAttentionKernel.narrow());

    private static final List<String> MASKS = List.of("all", "window(5)", "window(40) | sinks(3)", "causal & window(9)",
            "global(2) | dilated(30, 4)", "(window(20) & !window(4)) | global(1) | sinks(2)",
            "bigbird(8, 3, 1, 2, 5) & !causal");

    private static float[][] forward(BlockSparseAttention attention, float[][] q, float[][] k, float[][] v, int n, int d,
                                     boolean[] padding, boolean causal) {
        float[][] out = new float[q.length][n * d];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN); // every element must be written
        }
        attention.forward(new AttentionInput(q, k, v, n, d, padding, causal), out);
        return out;
    }

    private static void assertAgrees(Mask mask, FusedAttentionKernel shape, int block, float[][] q, float[][] k,
                                     float[][] v, int n, int d, boolean[] padding, boolean causal) {
        float[][] out = forward(new BlockSparseAttention(mask, block, shape), q, k, v, n, d, padding, causal);
        double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, padding, (i, j) -> mask.covers(i, j, n, causal));
        for (int h = 0; h < q.length; h++) {
            double diff = TestHeads.maxAbsDiff(expected[h], out[h]);
            assertTrue(diff < 2e-5, shape + " " + mask + " n=" + n + " d=" + d + " block=" + block + " causal=" + causal
                    + " padded=" + (padding != null) + ": " + diff);
        }
    }

    @Test
    void bothTileShapesAgreeWithTheDenseOracleForEveryMaskKind() {
        Random random = new Random(21);
        for (String expression : MASKS) {
            Mask mask = MaskGrammar.parseMask("mask", expression);
            for (int[] nd : new int[][] {{1, 32}, {45, 33}, {130, 64}}) {
                int n = nd[0];
                int d = nd[1];
                float[][] q = TestHeads.gaussian(random, 2, n, d);
                float[][] k = TestHeads.gaussian(random, 2, n, d);
                float[][] v = TestHeads.gaussian(random, 2, n, d);
                for (FusedAttentionKernel shape : SHAPES) {
                    for (boolean causal : new boolean[] {false, true}) {
                        for (boolean[] padding : new boolean[][] {null, TestHeads.scatteredPadding(random, n)}) {
                            for (int block : new int[] {7, 64}) {
                                assertAgrees(mask, shape, block, q, k, v, n, d, padding, causal);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Keys whose scores climb by far more than TAU from tile to tile (and queries large enough that most
     * weights underflow to 0) exercise the lazy rescale on every few tiles, and the exponential's cut-off.
     * Logits this large (up to about 60) carry float rounding of their own, so the kernel is held to the strip
     * schedule's error against the same oracle, not to a fixed bound.
     */
    @Test
    void scoresThatKeepRisingRescaleToWithinTheStripSchedulesRounding() {
        Random random = new Random(5);
        int n = 200;
        int d = 32;
        float[][] q = TestHeads.gaussian(random, 1, n, d);
        float[][] k = TestHeads.gaussian(random, 1, n, d);
        float[][] v = TestHeads.gaussian(random, 1, n, d);
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < d; c++) {
                k[0][j * d + c] = 0.02f * j + k[0][j * d + c] * 0.2f;   // later keys score higher: q's entries are positive
            }
        }
        for (int i = 0; i < n * d; i++) {
            q[0][i] = Math.abs(q[0][i]) * 3f;
        }
        for (boolean causal : new boolean[] {false, true}) {
            double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, null, (i, j) -> !causal || j <= i);
            double strips = TestHeads.maxAbsDiff(expected[0],
                    forward(new BlockSparseAttention(Masks.all(), null, 64, 12), q, k, v, n, d, null, causal)[0]);
            for (FusedAttentionKernel shape : SHAPES) {
                double fused = TestHeads.maxAbsDiff(expected[0],
                        forward(new BlockSparseAttention(Masks.all(), 64, shape), q, k, v, n, d, null, causal)[0]);
                assertTrue(fused <= 2 * strips + 1e-6, shape + " causal=" + causal + ": " + fused + " against the strips' " + strips);
            }
        }
    }

    /**
     * Two keys tied to within 0.01 behind long dot products (d = 512, partial sums up to the score, about 30) whose
     * rounding is large in absolute terms but the same for both keys when they are summed alike: the first key's
     * tile raises the reference (scored from zero, tile by tile), the second sits in a later pair of tiles (scored
     * two tiles at a time). Their weight ratio, and so the output, must come out as the oracle's; when the pair path
     * started its sums at minus the reference, their rounding differed and the output was off by 3e-5 (the
     * induction-head decoder's 2e-3 logit error against ONNX Runtime).
     */
    @Test
    void nearlyTiedKeysOnDifferentPathsOfTheKernelRoundAlike() {
        Random random = new Random(13);
        int n = 64;
        int d = 512;
        float[][] q = new float[1][n * d];
        float[][] k = TestHeads.gaussian(random, 1, n, d);
        float[][] v = new float[1][n * d];
        float[] base = new float[d];
        double squares = 0;
        for (int c = 0; c < d; c++) {
            base[c] = (float) random.nextGaussian();
            squares += (double) base[c] * base[c];
        }
        float alpha = (float) (30 * Math.sqrt(d) / squares);   // q . base / sqrt(d) = 30
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                q[0][i * d + c] = alpha * base[c] * (1 + 0.01f * (float) random.nextGaussian());
                k[0][i * d + c] *= 0.1f;
            }
        }
        int first = 9;    // the tile of keys 8-11: its score raises the reference
        int second = 21;  // tiles 20-23 and 24-27 go together on the pair path
        for (int c = 0; c < d; c++) {
            k[0][first * d + c] = base[c];
            k[0][second * d + c] = base[c];
        }
        k[0][second * d] += 0.01f * (float) Math.sqrt(d) / (alpha * base[0]);   // 0.01 above the first key
        v[0][first * d] = 1;
        v[0][second * d + 1] = 1;
        double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, null, (i, j) -> true);
        for (FusedAttentionKernel shape : SHAPES) {
            double diff = TestHeads.maxAbsDiff(expected[0], forward(new BlockSparseAttention(Masks.all(), 64, shape), q, k, v, n, d, null, false)[0]);
            assertTrue(diff < 2e-6, shape + ": " + diff);
        }
    }

    @Test
    void aQueryThatSeesNoKeyOutputsZerosOnBothShapes() {
        int n = 40;
        int d = 32;
        Random random = new Random(3);
        float[][] x = TestHeads.gaussian(random, 1, n, d);
        for (FusedAttentionKernel shape : SHAPES) {
            // every key padded: each query sees nothing
            float[][] out = forward(new BlockSparseAttention(Masks.all(), 16, shape), x, x, x, n, d, new boolean[n], false);
            for (float value : out[0]) {
                assertEquals(0f, value);
            }
            // window(0): each query sees itself alone, so queries 0 to 19, whose keys are padded, see nothing
            boolean[] padding = TestHeads.trailingPadding(n, n);
            Arrays.fill(padding, 0, 20, false);
            out = forward(new BlockSparseAttention(Masks.window(0), 16, shape), x, x, x, n, d, padding, false);
            for (int i = 0; i < 20 * d; i++) {
                assertEquals(0f, out[0][i], shape + " element " + i);
            }
            assertFalse(out[0][20 * d] == 0f && out[0][20 * d + 1] == 0f);
        }
    }

    @Test
    void theScratchItHoldsIsTheScratchItsCostReports() {
        Random random = new Random(8);
        for (FusedAttentionKernel shape : SHAPES) {
            BlockSparseAttention attention = new BlockSparseAttention(MaskGrammar.parseMask("mask", "window(9) | sinks(2)"),
                    16, shape);
            for (int n : new int[] {50, 300}) {
                float[][] x = TestHeads.gaussian(random, 3, n, 24);
                AttentionInput in = new AttentionInput(x, x, x, n, 24, null, false);
                attention.forward(in, new float[3][n * 24]);
                assertEquals(attention.cost(in.shape()).scratchBytes(), attention.heldScratchBytes().getAsLong(), "n=" + n);
            }
        }
    }

    @Test
    void theMachinesShapeFollowsItsVectorWidth() {
        int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        var shape = FusedAttentionKernel.forThisMachine();
        assertEquals(bits >= 512 ? "wide" : bits == 256 ? "narrow" : "none",
                shape.map(s -> s == FusedAttentionKernel.wide() ? "wide" : "narrow").orElse("none"));
        assertEquals(32, FusedAttentionKernel.wide().panelRows());
        assertEquals(16, FusedAttentionKernel.narrow().panelRows());
    }
}
