package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

    private final ParameterSchema schema = new ParameterSchema("demo", List.of(
            ParamSpec.requiredInteger("window", 1, Integer.MAX_VALUE, "band"),
            ParamSpec.integer("blocks", 4, 1, 64, "tiles"),
            ParamSpec.number("ratio", 0.5, 0.0, 1.0, "share"),
            ParamSpec.choice("kind", "elu", List.of("elu", "relu"), "map"),
            ParamSpec.bool("exact", true, "mode")));

    @Test
    void fillsDefaultsInSpecOrder() {
        Map<String, Object> resolved = schema.resolve(Map.of("window", 8));
        assertEquals(List.of("window", "blocks", "ratio", "kind", "exact"), List.copyOf(resolved.keySet()));
        assertEquals(Map.of("window", 8, "blocks", 4, "ratio", 0.5, "kind", "elu", "exact", true), resolved);
    }

    @Test
    void keepsGivenValuesNormalisingNumbers() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("window", 3L);          // YAML may hand over a Long
        raw.put("ratio", 1);            // an integer is a valid number
        raw.put("kind", "relu");
        raw.put("exact", false);
        Map<String, Object> resolved = schema.resolve(raw);
        assertEquals(3, resolved.get("window"));
        assertEquals(Integer.class, resolved.get("window").getClass());
        assertEquals(1.0, resolved.get("ratio"));
        assertEquals("relu", resolved.get("kind"));
        assertEquals(false, resolved.get("exact"));
    }

    @Test
    void unknownKeyListsAllowedKeys() {
        assertMessage("unknown parameter 'width' for demo; allowed: window, blocks, ratio, kind, exact",
                Map.of("window", 2, "width", 2));
        assertEquals("unknown parameter 'x' for bare; allowed: (none)",
                assertThrows(InvalidParamsException.class,
                        () -> new ParameterSchema("bare", List.of()).resolve(Map.of("x", 1))).getMessage());
    }

    @Test
    void missingRequiredNamesKeyAndRange() {
        assertMessage("parameter 'window' of demo is required (integer >= 1)", Map.of());
        assertMessage("parameter 'window' of demo is required (integer >= 1)", null);
    }

    @Test
    void outOfRangeAndWrongTypeNameKeyAndRange() {
        assertMessage("parameter 'window' of demo must be integer >= 1, got -3", Map.of("window", -3));
        assertMessage("parameter 'window' of demo must be integer >= 1, got 2.5", Map.of("window", 2.5));
        assertMessage("parameter 'window' of demo must be integer >= 1, got '8'", Map.of("window", "8"));
        assertMessage("parameter 'blocks' of demo must be integer in [1, 64], got 65", Map.of("window", 1, "blocks", 65));
        assertMessage("parameter 'ratio' of demo must be number in [0, 1], got 1.5", Map.of("window", 1, "ratio", 1.5));
        assertMessage("parameter 'ratio' of demo must be number in [0, 1], got NaN", Map.of("window", 1, "ratio", Double.NaN));
        assertMessage("parameter 'kind' of demo must be one of elu, relu, got 'softmax'", Map.of("window", 1, "kind", "softmax"));
        assertMessage("parameter 'exact' of demo must be true or false, got 'yes'", Map.of("window", 1, "exact", "yes"));
    }

    private void assertMessage(String expected, Map<String, ?> raw) {
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> schema.resolve(raw)).getMessage());
    }
}
