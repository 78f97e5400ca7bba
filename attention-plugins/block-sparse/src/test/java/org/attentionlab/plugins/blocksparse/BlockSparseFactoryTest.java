package org.attentionlab.plugins.blocksparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

class BlockSparseFactoryTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new BlockSparseModule())).factory("block-sparse");

    @Test
    void describesItself() {
        assertEquals("block-sparse", factory.info().name());
        assertEquals("BigBird-style block-sparse attention: window, global and seeded random blocks of keys "
                + "(the mask bigbird(blockSize, windowBlocks, globalBlocks, randomBlocks, seed) on the block-sparse engine)", factory.info().description());
        assertEquals(Exactness.TRAINING_FREE, factory.info().exactness());
    }

    @Test
    void fillsDefaults() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("blockSize", 64);
        expected.put("windowBlocks", 3);
        expected.put("globalBlocks", 1);
        expected.put("randomBlocks", 2);
        expected.put("seed", 0);
        assertEquals(expected, factory.resolveParams(Map.of()));
        assertEquals(new BlockSparseParams(16, 5, 0, 1, 7), ((BlockSparseFactory) factory)
                .params(Map.of("blockSize", 16, "windowBlocks", 5, "globalBlocks", 0, "randomBlocks", 1, "seed", 7)));
    }

    @Test
    void rejectsBadParamsWithOneLine() {
        assertEquals("unknown parameter 'window' for block-sparse; allowed: blockSize, windowBlocks, globalBlocks, randomBlocks, seed",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("window", 3))).getMessage());
        assertEquals("parameter 'blockSize' of block-sparse must be integer >= 1, got 0",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("blockSize", 0))).getMessage());
        assertEquals("parameter 'globalBlocks' of block-sparse must be integer >= 0, got -1",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("globalBlocks", -1))).getMessage());
        assertEquals("parameter 'windowBlocks' of block-sparse must be an odd integer >= 1, got 4",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("windowBlocks", 4))).getMessage());
        assertEquals("parameter 'seed' of block-sparse must be integer >= 0, got -3",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("seed", -3))).getMessage());
    }
}
