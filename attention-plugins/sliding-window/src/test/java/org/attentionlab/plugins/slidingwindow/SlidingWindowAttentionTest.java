package org.attentionlab.plugins.slidingwindow;

import static org.attentionlab.core.testing.TestHeads.assertWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.TestHeads;
import org.attentionlab.plugins.full.FullAttentionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlidingWindowAttentionTest {

    private static final double TOLERANCE = 2e-5;
    private final SlidingWindowFactory factory = new SlidingWindowFactory();

    static List<Arguments> patterns() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {1, 6, 19}) {
            for (int window : new int[] {1, 2, 3, 4, 7}) {
                for (int global : new int[] {0, 1, 3}) {
                    for (boolean causal : new boolean[] {false, true}) {
                        for (boolean padded : new boolean[] {false, true}) {
                            cases.add(Arguments.of(n, window, global, causal, padded));
                        }
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "n={0} window={1} global={2} causal={3} padded={4}")
    @MethodSource("patterns")
    void matchesDenseAttentionWithBandAndGlobalMask(int n, int window, int global, boolean causal, boolean padded) {
        Random random = new Random(1000L * n + 10L * window + global);
        int heads = 2;
        int d = 5;
        float[][] q = TestHeads.gaussian(random, heads, n, d);
        float[][] k = TestHeads.gaussian(random, heads, n, d);
        float[][] v = TestHeads.gaussian(random, heads, n, d);
        boolean[] padding = padded ? TestHeads.randomPadding(random, n) : null;
        float[][] out = TestHeads.poisoned(heads, n * d);
        factory.create(Map.of("width", window, "globalTokens", global))
                .forward(new AttentionInput(q, k, v, n, d, padding, causal), out);
        double[][] expected = DenseMaskOracle.attention(q, k, v, n, d, padding,
                DenseMaskOracle.bandAndGlobal(window, global, causal));
        assertWithin(expected, out, n, d, TOLERANCE);
    }

    static List<Arguments> sinksAndDilation() {
        List<Arguments> cases = new ArrayList<>();
        int[][] globalAndSinks = {{0, 0}, {1, 0}, {0, 2}, {2, 3}};
        for (int n : new int[] {19, 150}) {
            for (int window : n > 100 ? new int[] {5, 40} : new int[] {2, 5, 40}) {
                for (int[] gs : n > 100 ? new int[][] {{0, 0}, {2, 3}} : globalAndSinks) {
                    for (int dilation : new int[] {1, 3}) {
                        for (boolean causal : new boolean[] {false, true}) {
                            for (boolean padded : new boolean[] {false, true}) {
                                cases.add(Arguments.of(n, window, gs[0], gs[1], dilation, causal, padded));
                            }
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** n = 150 spans three query blocks of the tiled band kernel; d = 33 leaves a vector tail. */
    @ParameterizedTest(name = "n={0} window={1} global={2} sinks={3} dilation={4} causal={5} padded={6}")
    @MethodSource("sinksAndDilation")
    void matchesDenseAttentionWithSinksAndDilation(int n, int window, int global, int sinks, int dilation,
                                                   boolean causal, boolean padded) {
        Random random = new Random(n * 1000L + window * 100L + global * 10L + sinks + dilation);
        int heads = 2;
        int d = n > 100 ? 33 : 5;
        float[][] q = TestHeads.gaussian(random, heads, n, d);
        float[][] k = TestHeads.gaussian(random, heads, n, d);
        float[][] v = TestHeads.gaussian(random, heads, n, d);
        boolean[] padding = padded ? TestHeads.randomPadding(random, n) : null;
        float[][] out = TestHeads.poisoned(heads, n * d);
        Attention attention = factory.create(Map.of("width", window, "globalTokens", global, "sinks", sinks, "dilation", dilation));
        attention.forward(new AttentionInput(q, k, v, n, d, padding, causal), out);
        DenseMaskOracle.Mask mask = DenseMaskOracle.withSinksAndDilation(window, global, sinks, dilation, causal);
        assertWithin(DenseMaskOracle.attention(q, k, v, n, d, padding, mask), out, n, d, TOLERANCE);
        // the pattern diagnostics see is the mask the forward used
        AttentionPattern pattern = attention.pattern().orElseThrow();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (pattern.covers(i, j, n, causal) != mask.visible(i, j)) {
                    throw new AssertionError("pattern().covers(" + i + ", " + j + ") disagrees with the mask");
                }
            }
        }
    }

    @Test
    void patternRejectsIndicesOutsideTheSequence() {
        AttentionPattern pattern = factory.create(Map.of("width", 4, "globalTokens", 1)).pattern().orElseThrow();
        assertTrue(pattern.covers(0, 9, 10, false));
        assertFalse(pattern.covers(0, 10, 10, false));
        assertFalse(pattern.covers(-1, 0, 10, false));
        assertFalse(pattern.covers(3, 9, 10, false));
        assertFalse(pattern.covers(3, 4, 10, true));
        assertTrue(pattern.covers(5, 4, 10, true));
    }

    @Test
    void windowCoveringTheSequenceEqualsFull() {
        Attention full = new FullAttentionFactory().create(Map.of());
        for (boolean causal : new boolean[] {false, true}) {
            for (boolean padded : new boolean[] {false, true}) {
                int n = 23;
                int d = 16;
                Random random = new Random(causal ? 5 : 6);
                float[][] q = TestHeads.gaussian(random, 3, n, d);
                float[][] k = TestHeads.gaussian(random, 3, n, d);
                float[][] v = TestHeads.gaussian(random, 3, n, d);
                boolean[] padding = padded ? TestHeads.randomPadding(random, n) : null;
                AttentionInput input = new AttentionInput(q, k, v, n, d, padding, causal);
                float[][] expected = new float[3][n * d];
                full.forward(input, expected);
                float[][] actual = TestHeads.poisoned(3, n * d);
                factory.create(Map.of("width", 2 * n)).forward(input, actual);
                for (int h = 0; h < 3; h++) {
                    for (int e = 0; e < n * d; e++) {
                        assertEquals(expected[h][e], actual[h][e], 1e-6, "head " + h + " element " + e);
                    }
                }
            }
        }
    }

    @Test
    void costGrowsAsNTimesWindow() {
        Attention w64 = factory.create(Map.of("width", 64));
        AttentionCost n4k = w64.cost(new AttentionShape(4096, 12, 64, false));
        AttentionCost n8k = w64.cost(new AttentionShape(8192, 12, 64, false));
        double flopRatio = (double) n8k.flops() / n4k.flops();
        // rows near the ends see fewer keys, so the ratio is a little above 2 (quadratic would be 4)
        assertTrue(flopRatio > 1.99 && flopRatio < 2.02, "flops(2n)/flops(n) = " + flopRatio);
        // the band of 65 keys touches 3 tiles of 64 per query block: the diagonal one whole, and of each
        // neighbour only the 32 x 32 corner where the band reaches (a boxed tile): about 64 + 2 x 16 = 96
        // keys per query, not n
        double perQuery = (double) n4k.flops() / (12.0 * 4096 * (4 * 64 + 4));
        assertTrue(perQuery > 90 && perQuery < 100, "keys computed per query: " + perQuery);
        double windowRatio = (double) factory.create(Map.of("width", 256)).cost(new AttentionShape(4096, 12, 64, false)).flops()
                / n4k.flops();
        // at w = 256 (half 128) a block of 64 queries touches 5 whole tiles (the outer two hold a triangle
        // whose box is the whole tile): 320 keys per query against 96
        assertTrue(windowRatio > 3.2 && windowRatio < 3.45, "flops(w=256)/flops(w=64) = " + windowRatio);
        // causal (keys i-63..i): the diagonal tile and the one before it, two triangles whose box is the whole
        // tile, so 128 keys per query against the bidirectional band's 96
        double causalRatio = (double) w64.cost(new AttentionShape(4096, 12, 64, true)).flops() / n4k.flops();
        assertTrue(causalRatio > 1.25 && causalRatio < 1.4, "causal/bidirectional = " + causalRatio);
        // scratch is linear in n (K^T per thread and the block map), never n x n
        double scratchRatio = (double) n8k.scratchBytes() / n4k.scratchBytes();
        assertTrue(scratchRatio > 1.8 && scratchRatio < 2.1, "scratch(2n)/scratch(n) = " + scratchRatio);
    }

    @Test
    void describesItself() {
        assertEquals("sliding-window", factory.info().name());
        assertEquals(Exactness.TRAINING_FREE, factory.info().exactness());
        assertEquals(Map.of("width", 8, "globalTokens", 0, "sinks", 0, "dilation", 1), factory.resolveParams(Map.of("width", 8)));
        assertTrue(new org.attentionlab.plugins.full.FullAttentionFactory().create(Map.of()).pattern().isEmpty());
    }

    @Test
    void parameterErrorsNameKeyAndRange() {
        assertMessage("unknown parameter 'windw' for sliding-window; allowed: width, globalTokens, sinks, dilation", Map.of("windw", 8));
        assertMessage("parameter 'sinks' of sliding-window must be integer >= 0, got -2", Map.of("width", 8, "sinks", -2));
        assertMessage("parameter 'dilation' of sliding-window must be integer >= 1, got 0", Map.of("width", 8, "dilation", 0));
        assertMessage("parameter 'width' of sliding-window must be integer >= 1, got -4", Map.of("width", -4));
        assertMessage("parameter 'width' of sliding-window must be integer >= 1, got 0", Map.of("width", 0));
        assertMessage("parameter 'width' of sliding-window is required (integer >= 1)", Map.of());
        assertMessage("parameter 'globalTokens' of sliding-window must be integer >= 0, got -1",
                Map.of("width", 8, "globalTokens", -1));
    }

    /**
     * The old name {@code window} (issue 23) still works with its meaning, resolves to {@code width}, says so in
     * one deprecation line, and its errors name the key as written.
     */
    @Test
    void theOldNameWindowStillWorksWithItsMeaningAndADeprecationNote() {
        assertEquals(factory.resolveParams(Map.of("width", 16, "sinks", 2)), factory.resolveParams(Map.of("window", 16, "sinks", 2)));
        assertEquals(java.util.List.of("parameter 'window' of sliding-window is deprecated: it is now 'width', with the same meaning; write width: 16"),
                factory.deprecationNotes(Map.of("window", 16)));
        assertEquals(java.util.List.of(), factory.deprecationNotes(Map.of("width", 16)));
        assertEquals(factory.resolveParams(Map.of("width", 16)), factory.resolveParams(factory.resolveParams(Map.of("window", 16))));
        AttentionInput in = new AttentionInput(TestHeads.gaussian(new Random(4), 2, 50, 8), TestHeads.gaussian(new Random(5), 2, 50, 8),
                TestHeads.gaussian(new Random(6), 2, 50, 8), 50, 8, null, true);
        float[][] oldName = new float[2][50 * 8];
        float[][] newName = new float[2][50 * 8];
        factory.create(Map.of("window", 16)).forward(in, oldName);
        factory.create(Map.of("width", 16)).forward(in, newName);
        assertTrue(java.util.Arrays.deepEquals(oldName, newName));
        assertMessage("parameter 'window' of sliding-window must be integer >= 1, got -4", Map.of("window", -4));
        InvalidParamsException both = assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("window", 8, "width", 8)));
        assertEquals("give parameter 'width' of sliding-window or its old name 'window', not both", both.getMessage());
        assertEquals("window", both.key());
    }

    /** How {@code width} relates to the mask primitive {@code window(w)} (|i - j| <= w), as the README says. */
    @Test
    void widthInMaskTerms() {
        AttentionPattern w16 = factory.create(Map.of("width", 16)).pattern().orElseThrow();
        int n = 100;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(j <= i && i - j <= 15, w16.covers(i, j, n, true), "causal width 16 = window(15) & causal at " + i + "," + j);
                assertEquals(Math.abs(i - j) <= 8, w16.covers(i, j, n, false), "bidirectional width 16 = window(8) at " + i + "," + j);
            }
        }
    }

    private void assertMessage(String expected, Map<String, ?> raw) {
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.create(raw)).getMessage());
    }
}
