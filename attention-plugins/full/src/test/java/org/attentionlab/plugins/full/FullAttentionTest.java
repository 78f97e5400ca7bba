package org.attentionlab.plugins.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.attentionlab.core.testing.TestHeads.assertWithin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.tensor.AttentionGemm;
import org.attentionlab.core.tensor.FusedAttentionKernel;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FullAttentionTest {

    private static final double TOLERANCE = 2e-5;
    private final FullAttentionFactory factory = new FullAttentionFactory();

    /** The three ways to build full attention: textbook, tiled with small blocks (many tiles, ragged last), tiled default. */
    static List<Map<String, Object>> algorithms() {
        return List.of(Map.of(), Map.of("algorithm", "tiled", "blockSize", 4), Map.of("algorithm", "tiled"));
    }

    static List<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Map<String, Object> params : algorithms()) {
            for (int n : new int[] {1, 2, 9, 33}) {
                for (int d : new int[] {1, 8, 13, 32}) {
                    for (boolean causal : new boolean[] {false, true}) {
                        for (boolean padded : new boolean[] {false, true}) {
                            cases.add(Arguments.of(params, n, d, causal, padded));
                        }
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} n={1} d={2} causal={3} padded={4}")
    @MethodSource("shapes")
    void matchesTripleLoop(Map<String, Object> params, int n, int d, boolean causal, boolean padded) {
        Random random = new Random(31L * n + d);
        int heads = 3;
        float[][] q = TestHeads.scaledGaussian(random, heads, n * d + 5, 1.0);
        float[][] k = TestHeads.scaledGaussian(random, heads, n * d + 5, 1.0);
        float[][] v = TestHeads.scaledGaussian(random, heads, n * d + 5, 1.0);
        boolean[] mask = padded ? TestHeads.randomPadding(random, n) : null;
        float[][] out = TestHeads.poisoned(heads, n * d);
        factory.create(params).forward(new AttentionInput(q, k, v, n, d, mask, causal), out);
        assertWithin(AttentionOracle.attention(q, k, v, n, d, mask, causal), out, n, d, TOLERANCE);
    }

    @ParameterizedTest(name = "n={0} d={1}")
    @MethodSource("longShapes")
    void tiledEqualsMaterialized(int n, int d) {
        Random random = new Random(n * 7L + d);
        int heads = 2;
        float[][] q = TestHeads.scaledGaussian(random, heads, n * d, 1.5);
        float[][] k = TestHeads.scaledGaussian(random, heads, n * d, 1.5);
        float[][] v = TestHeads.gaussian(random, heads, n, d);
        boolean[] mask = TestHeads.randomPadding(random, n);
        Attention materialized = factory.create(Map.of("algorithm", "materialized"));
        Attention tiled = factory.create(Map.of("algorithm", "tiled", "blockSize", 48));
        for (boolean causal : new boolean[] {false, true}) {
            for (boolean[] padding : new boolean[][] {null, mask}) {
                AttentionInput input = new AttentionInput(q, k, v, n, d, padding, causal);
                float[][] expected = TestHeads.poisoned(heads, n * d);
                float[][] actual = TestHeads.poisoned(heads, n * d);
                materialized.forward(input, expected);
                tiled.forward(input, actual);
                for (int h = 0; h < heads; h++) {
                    for (int e = 0; e < n * d; e++) {
                        double allowed = 1e-5 * Math.max(1.0, Math.abs(expected[h][e]));
                        assertEquals(expected[h][e], actual[h][e], allowed, "causal=" + causal + " head " + h + " element " + e);
                    }
                }
            }
        }
    }

    static List<Arguments> longShapes() {
        return List.of(Arguments.of(1, 32), Arguments.of(7, 64), Arguments.of(131, 80), Arguments.of(100, 13));
    }

    @Test
    void queryWithoutVisibleKeyOutputsZeros() {
        for (Map<String, Object> params : algorithms()) {
            queryWithoutVisibleKeyOutputsZeros(params);
        }
    }

    private void queryWithoutVisibleKeyOutputsZeros(Map<String, Object> params) {
        Random random = new Random(7);
        int n = 4;
        int d = 3;
        float[][] q = TestHeads.gaussian(random, 1, n, d);
        float[][] k = TestHeads.gaussian(random, 1, n, d);
        float[][] v = TestHeads.gaussian(random, 1, n, d);
        float[][] out = TestHeads.poisoned(1, n * d);
        // causal and key 0 padded: query 0 sees nothing
        factory.create(params).forward(new AttentionInput(q, k, v, n, d, new boolean[] {false, true, true, true}, true), out);
        for (int c = 0; c < d; c++) {
            assertEquals(0f, out[0][c]);
        }
        assertWithin(AttentionOracle.attention(q, k, v, n, d, new boolean[] {false, true, true, true}, true), out, n, d, TOLERANCE);
        // every key padded: all zeros
        factory.create(params).forward(new AttentionInput(q, k, v, n, d, new boolean[n], false), out);
        for (int e = 0; e < n * d; e++) {
            assertEquals(0f, out[0][e]);
        }
    }

    @Test
    void materializedCostGrowsAsNSquaredInTimeAndMemory() {
        Attention attention = factory.create(Map.of("algorithm", "materialized"));
        AttentionCost small = attention.cost(new AttentionShape(512, 12, 64, false));
        AttentionCost large = attention.cost(new AttentionShape(1024, 12, 64, false));
        assertEquals(4.0, (double) large.flops() / small.flops());
        double memoryRatio = (double) large.scratchBytes() / small.scratchBytes();
        assertTrue(memoryRatio > 3.5 && memoryRatio < 4, "scratch(2n)/scratch(n) = " + memoryRatio);
        // 12 heads * 512^2 pairs * (4*64 + 4) flops; per head the n x n scores and K^T
        assertEquals(12L * 512 * 512 * 260, small.flops());
        // per kernel thread running a head: S (rows padded to whole key panels), packed K and V, 24 row scales
        assertEquals(Math.min(12, Parallel.threads()) * (512L * AttentionGemm.padded(512) + 2 * 512 * 64 + 24) * 4, small.scratchBytes());
        AttentionCost causal = attention.cost(new AttentionShape(1024, 12, 64, true));
        assertEquals(12L * (1024 * 1025 / 2) * 260, causal.flops());
    }

    @Test
    void tiledCostGrowsAsNSquaredInTimeButLinearlyInMemory() {
        Attention attention = factory.create(Map.of("algorithm", "tiled"));
        AttentionCost small = attention.cost(new AttentionShape(2048, 12, 64, false));
        AttentionCost large = attention.cost(new AttentionShape(4096, 12, 64, false));
        double flopRatio = (double) large.flops() / small.flops();
        assertTrue(flopRatio > 3.9 && flopRatio < 4.1, "flops(2n)/flops(n) = " + flopRatio);
        double memoryRatio = (double) large.scratchBytes() / small.scratchBytes();
        assertTrue(memoryRatio > 1.8 && memoryRatio <= 2, "scratch(2n)/scratch(n) = " + memoryRatio);
        // per kernel thread on the register-fused kernel (this machine's tile shape): K and V packed in whole key
        // tiles, a panel's transposed queries and outputs, its softmax state and a bias tile of (block + two key
        // tiles) x panel; without one (vectors narrower than 256 bits), packed K and V, one fused strip's span of
        // 12 x 256 scores with each row one key panel longer, the strip's 12 x 64 outputs and the tile's running
        // max and sum. Then the block map of 32 x 32 full tiles (row starts, key blocks, no bits).
        var shape = FusedAttentionKernel.forThisMachine();
        long perThread = shape.isPresent()
                ? 2 * shape.get().packedLength(2048, 64) + 2L * shape.get().panelRows() * 64 + shape.get().stateLength()
                        + (64L + 2 * shape.get().tileKeys()) * shape.get().panelRows()
                : 2 * 2048L * 64 + 12 * (256 + AttentionGemm.panelWidth()) + 12 * 64 + 2 * 64;
        assertEquals(Math.min(12, Parallel.threads()) * perThread * 4 + 4L * (33 + 2 * 1024), small.scratchBytes());
        // the same pairs as materialized plus the online rescaling: 2048 queries x 32 key blocks x (d + 4), and the final division
        assertEquals(12L * (2048L * 2048 * 260 + 2048L * 32 * 68 + 2048 * 64), small.flops());
        // at 16k tokens the materialized score matrix (one per kernel thread) dwarfs tiled's per-head K^T
        AttentionShape longContext = new AttentionShape(16384, 12, 64, false);
        assertTrue(attention.cost(longContext).scratchBytes() * 10
                < factory.create(Map.of("algorithm", "materialized")).cost(longContext).scratchBytes());
    }

    @Test
    void describesItselfAsExact() {
        assertEquals("full", factory.info().name());
        assertEquals(Exactness.EXACT, factory.info().exactness());
        assertTrue(factory.create(Map.of()).pattern().isEmpty());
        assertTrue(factory.create(Map.of("algorithm", "tiled")).pattern().isEmpty());
    }

    @Test
    void parameterErrorsAreExact() {
        assertMessage("unknown parameter 'window' for full; allowed: algorithm, blockSize", Map.of("window", 4));
        assertMessage("parameter 'algorithm' of full must be one of materialized, tiled, got 'flash'", Map.of("algorithm", "flash"));
        assertMessage("parameter 'blockSize' of full only applies to algorithm tiled, not materialized",
                Map.of("algorithm", "materialized", "blockSize", 32));
        assertMessage("parameter 'blockSize' of full must be integer in [1, 4096], got 0", Map.of("algorithm", "tiled", "blockSize", 0));
        // tiled is the default (measured faster, issue 22); materialized resolves to itself alone
        assertEquals(Map.of("algorithm", "tiled", "blockSize", 64), factory.resolveParams(Map.of()));
        assertEquals(Map.of("algorithm", "materialized"), factory.resolveParams(Map.of("algorithm", "materialized")));
        assertEquals(Map.of("algorithm", "tiled", "blockSize", 64), factory.resolveParams(Map.of("algorithm", "tiled")));
        // what a run records builds the same attention again
        factory.create(factory.resolveParams(Map.of()));
        factory.create(factory.resolveParams(Map.of("algorithm", "tiled")));
    }

    private void assertMessage(String expected, Map<String, ?> raw) {
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.create(raw)).getMessage());
    }
}
