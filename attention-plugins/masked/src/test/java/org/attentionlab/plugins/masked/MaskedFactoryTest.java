package org.attentionlab.plugins.masked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.testing.DenseSoftmaxOracle;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.api.Test;

class MaskedFactoryTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new MaskedModule())).factory("masked");

    @Test
    void fillsDefaults() {
        assertEquals(Map.of("mask", "all", "score", "", "blockSize", 64), factory.resolveParams(Map.of()));
        assertEquals("expression", factory.info().params().get(0).allowed());
    }

    @Test
    void theMaskWrittenInYamlIsTheMaskComputedAndThePatternDiagnosticsSee() {
        Attention attention = factory.create(Map.of("mask", "window(3) | sinks(2)", "score", "softcap(30)", "blockSize", 16));
        assertEquals("block-sparse engine: mask (window(3) | sinks(2)), score softcap(30), block 16", attention.toString());
        int n = 40;
        int d = 8;
        Random random = new Random(3);
        float[][] q = TestHeads.gaussian(random, 2, n, d);
        float[][] k = TestHeads.gaussian(random, 2, n, d);
        float[][] v = TestHeads.gaussian(random, 2, n, d);
        float[][] out = new float[2][n * d];
        factory.create(Map.of("mask", "window(3) | sinks(2)")).forward(new AttentionInput(q, k, v, n, d, null, false), out);
        double[][] expected = DenseSoftmaxOracle.attention(q, k, v, n, d, null, (i, j) -> Math.abs(i - j) <= 3 || j < 2);
        for (int h = 0; h < 2; h++) {
            assertTrue(TestHeads.maxAbsDiff(expected[h], out[h]) < 2e-5);
        }
        var pattern = attention.pattern().orElseThrow();
        assertTrue(pattern.covers(20, 1, n, false));
        assertTrue(pattern.covers(20, 23, n, false));
        assertTrue(!pattern.covers(20, 24, n, false));
        assertTrue(factory.create(Map.of()) instanceof BlockSparseAttention);
    }

    @Test
    void badMasksAndScoresGiveOneLinePointingAtTheParameter() {
        InvalidParamsException e = assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("mask", "window(128) | sinkz(4)")));
        assertEquals("mask", e.key());
        assertTrue(e.getMessage().startsWith("mask at column 15: unknown primitive 'sinkz'"), e.getMessage());
        e = assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("score", "softcap(-1)")));
        assertEquals("score", e.key());
        assertEquals("score at column 9: softcap takes a number > 0, got -1: softcap(^-1)", e.getMessage());
        // an empty mask is refused by validation at the experiment's sizes, naming the size; the plugin checks no length of
        // its own (it used to say "checked at n = 128" whatever sizes the experiment had)
        assertTrue(factory.create(Map.of("mask", "!all")) instanceof BlockSparseAttention);
        assertEquals("parameter 'mask' of masked must be expression, got 3",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("mask", 3))).getMessage());
    }
}
