package org.attentionlab.plugins.linformer;

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

class LinformerFactoryTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new LinformerModule())).factory("linformer");

    @Test
    void describesItself() {
        assertEquals("linformer", factory.info().name());
        assertEquals("Linformer: keys and values projected along the sequence to k rows by a seeded random projection",
                factory.info().description());
        assertEquals(Exactness.NEEDS_FINE_TUNING, factory.info().exactness());
    }

    @Test
    void fillsDefaults() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("k", 64);
        expected.put("seed", 0);
        assertEquals(expected, factory.resolveParams(Map.of()));
        assertEquals(new LinformerParams(16, 3), ((LinformerFactory) factory).params(Map.of("k", 16, "seed", 3)));
    }

    @Test
    void rejectsBadParamsWithOneLine() {
        assertEquals("unknown parameter 'rank' for linformer; allowed: k, seed",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("rank", 8))).getMessage());
        assertEquals("parameter 'k' of linformer must be integer in [1, 65536], got 70000",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("k", 70000))).getMessage());
        assertEquals("parameter 'k' of linformer must be integer in [1, 65536], got 0",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("k", 0))).getMessage());
        assertEquals("parameter 'seed' of linformer must be integer >= 0, got -1",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("seed", -1))).getMessage());
    }
}
