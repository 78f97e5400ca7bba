package org.attentionlab.plugins.nystrom;

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

class NystromFactoryTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new NystromModule())).factory("nystrom");

    @Test
    void describesItself() {
        assertEquals("nystrom", factory.info().name());
        assertEquals("Nyströmformer: softmax attention approximated through m segment-mean landmarks", factory.info().description());
        assertEquals(Exactness.TRAINING_FREE, factory.info().exactness());
    }

    @Test
    void fillsDefaults() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("landmarks", 64);
        expected.put("pinvIterations", 6);
        assertEquals(expected, factory.resolveParams(Map.of()));
        assertEquals(new NystromParams(8, 3), ((NystromFactory) factory).params(Map.of("landmarks", 8, "pinvIterations", 3)));
    }

    @Test
    void rejectsBadParamsWithOneLine() {
        assertEquals("unknown parameter 'm' for nystrom; allowed: landmarks, pinvIterations",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("m", 8))).getMessage());
        assertEquals("parameter 'landmarks' of nystrom must be integer >= 1, got 0",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("landmarks", 0))).getMessage());
        assertEquals("parameter 'pinvIterations' of nystrom must be integer >= 1, got 'six'",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("pinvIterations", "six"))).getMessage());
    }
}
