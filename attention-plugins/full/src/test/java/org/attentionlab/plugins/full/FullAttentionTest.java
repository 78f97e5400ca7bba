package org.attentionlab.plugins.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.attentionlab.plugins.full.AttentionOracle.assertClose;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FullAttentionTest {

    private static final double TOLERANCE = 2e-5;
    private final FullAttentionFactory factory = new FullAttentionFactory();

    static List<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {1, 2, 9, 33}) {
            for (int d : new int[] {1, 8, 13}) {
                for (boolean causal : new boolean[] {false, true}) {
                    for (boolean padded : new boolean[] {false, true}) {
                        cases.add(Arguments.of(n, d, causal, padded));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "n={0} d={1} causal={2} padded={3}")
    @MethodSource("shapes")
    void matchesTripleLoop(int n, int d, boolean causal, boolean padded) {
        Random random = new Random(31L * n + d);
        int heads = 3;
        float[][] q = AttentionOracle.random(random, heads, n, d, 1.0, 5);
        float[][] k = AttentionOracle.random(random, heads, n, d, 1.0, 5);
        float[][] v = AttentionOracle.random(random, heads, n, d, 1.0, 5);
        boolean[] mask = padded ? AttentionOracle.randomMask(random, n) : null;
        float[][] out = AttentionOracle.poisoned(heads, n * d);
        factory.create(Map.of()).forward(new AttentionInput(q, k, v, n, d, mask, causal), out);
        assertClose(AttentionOracle.attention(q, k, v, n, d, mask, causal), out, n, d, TOLERANCE);
    }

    @Test
    void queryWithoutVisibleKeyOutputsZeros() {
        Random random = new Random(7);
        int n = 4;
        int d = 3;
        float[][] q = AttentionOracle.random(random, 1, n, d, 1.0, 0);
        float[][] k = AttentionOracle.random(random, 1, n, d, 1.0, 0);
        float[][] v = AttentionOracle.random(random, 1, n, d, 1.0, 0);
        float[][] out = AttentionOracle.poisoned(1, n * d);
        // causal and key 0 padded: query 0 sees nothing
        factory.create(Map.of()).forward(new AttentionInput(q, k, v, n, d, new boolean[] {false, true, true, true}, true), out);
        for (int c = 0; c < d; c++) {
            assertEquals(0f, out[0][c]);
        }
        assertClose(AttentionOracle.attention(q, k, v, n, d, new boolean[] {false, true, true, true}, true), out, n, d, TOLERANCE);
        // every key padded: all zeros
        factory.create(Map.of()).forward(new AttentionInput(q, k, v, n, d, new boolean[n], false), out);
        for (int e = 0; e < n * d; e++) {
            assertEquals(0f, out[0][e]);
        }
    }

    @Test
    void reusedInstanceHandlesLongerThenShorterSequences() {
        Attention attention = factory.create(Map.of());
        for (int n : new int[] {5, 40, 3, 17}) {
            Random random = new Random(n);
            float[][] q = AttentionOracle.random(random, 2, n, 8, 1.0, 0);
            float[][] k = AttentionOracle.random(random, 2, n, 8, 1.0, 0);
            float[][] v = AttentionOracle.random(random, 2, n, 8, 1.0, 0);
            float[][] out = AttentionOracle.poisoned(2, n * 8);
            attention.forward(new AttentionInput(q, k, v, n, 8, null, n % 2 == 1), out);
            assertClose(AttentionOracle.attention(q, k, v, n, 8, null, n % 2 == 1), out, n, 8, TOLERANCE);
        }
    }

    @Test
    void costGrowsAsNSquared() {
        Attention attention = factory.create(Map.of());
        AttentionCost small = attention.cost(new AttentionShape(512, 12, 64, false));
        AttentionCost large = attention.cost(new AttentionShape(1024, 12, 64, false));
        assertEquals(4.0, (double) large.flops() / small.flops());
        assertEquals(4.0, (double) large.scratchBytes() / small.scratchBytes());
        // 12 heads * 512^2 pairs * (4*64 + 4) flops; one float per score
        assertEquals(12L * 512 * 512 * 260, small.flops());
        assertEquals(12L * 512 * 512 * 4, small.scratchBytes());
        AttentionCost causal = attention.cost(new AttentionShape(1024, 12, 64, true));
        assertEquals(12L * (1024 * 1025 / 2) * 260, causal.flops());
    }

    @Test
    void describesItselfAsExact() {
        assertEquals("full", factory.info().name());
        assertEquals(Exactness.EXACT, factory.info().exactness());
    }

    @Test
    void unknownParameterIsRejected() {
        assertEquals("unknown parameter 'window' for full; allowed: (none)",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("window", 4))).getMessage());
    }
}
