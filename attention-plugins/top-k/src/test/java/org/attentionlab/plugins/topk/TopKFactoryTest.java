package org.attentionlab.plugins.topk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

class TopKFactoryTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new TopKModule())).factory("top-k");

    @Test
    void describesItself() {
        assertEquals("top-k", factory.info().name());
        assertEquals("top-k: each query keeps its k largest exact scores, softmax over those only", factory.info().description());
        assertEquals(Exactness.TRAINING_FREE, factory.info().exactness());
    }

    @Test
    void fillsDefaults() {
        assertEquals(Map.of("k", 32), factory.resolveParams(Map.of()));
        assertEquals(new TopKParams(5), ((TopKFactory) factory).params(Map.of("k", 5)));
    }

    @Test
    void rejectsBadParamsWithOneLine() {
        assertEquals("unknown parameter 'topk' for top-k; allowed: k",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("topk", 8))).getMessage());
        assertEquals("parameter 'k' of top-k must be integer >= 1, got 0",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("k", 0))).getMessage());
        assertEquals("parameter 'k' of top-k must be integer >= 1, got 2.5",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("k", 2.5))).getMessage());
    }
}
