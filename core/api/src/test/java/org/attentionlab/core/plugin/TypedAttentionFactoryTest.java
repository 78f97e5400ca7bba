package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Exactness;
import org.junit.jupiter.api.Test;

class TypedAttentionFactoryTest {

    private final ProbeFactory factory = new ProbeFactory(new ProbeSettings("test"));

    @Test
    void infoCarriesNameExactnessAndSpecs() {
        PluginInfo info = factory.info();
        assertEquals("probe", info.name());
        assertEquals(Exactness.EXACT, info.exactness());
        assertEquals(List.of("blocks", "temperature", "mode", "strict", "budget"),
                info.params().stream().map(ParamSpec::name).toList());
    }

    @Test
    void paramsBecomeTheTypedRecordWithDefaults() {
        assertEquals(new ProbeParams(3, 1.0, "fast", false, null), factory.params(Map.of("blocks", 3)));
        assertEquals(new ProbeParams(3, 2.0, "slow", true, 2),
                factory.params(Map.of("blocks", 3, "temperature", 2, "mode", "slow", "strict", true, "budget", 2)));
    }

    @Test
    void createBuildsFromTypedParams() {
        var attention = factory.create(Map.of("blocks", 5, "mode", "slow"));
        assertEquals(new ProbeParams(5, 1.0, "slow", false, 0),
                assertInstanceOf(ProbeFactory.ProbeAttention.class, attention).params());
    }

    @Test
    void resolveParamsReturnsTheMapAsItRuns() {
        assertEquals(Map.of("blocks", 2, "temperature", 1.0, "mode", "fast", "strict", false),
                factory.resolveParams(Map.of("blocks", 2)));
    }

    @Test
    void schemaErrorsComeThroughUnchanged() {
        assertEquals("unknown parameter 'block' for probe; allowed: blocks, temperature, mode, strict, budget",
                assertThrows(InvalidParamsException.class, () -> factory.create(Map.of("block", 2))).getMessage());
        assertEquals("parameter 'blocks' of probe must be integer in [1, 64], got 0",
                assertThrows(InvalidParamsException.class, () -> factory.params(Map.of("blocks", 0))).getMessage());
    }

    @Test
    void recordConstructorRejectionReachesTheUserUnwrapped() {
        Map<String, Object> raw = Map.of("blocks", 2, "mode", "slow", "strict", true, "budget", 3);
        String expected = "parameter 'budget' of probe must be <= blocks when strict, got 3";
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.params(raw)).getMessage());
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.resolveParams(raw)).getMessage());
    }

    @Test
    void aModeOnlyParameterIsNeitherFilledNorAcceptedOutsideItsMode() {
        assertEquals(new ProbeParams(2, 1.0, "fast", false, null), factory.params(Map.of("blocks", 2)));
        assertEquals(new ProbeParams(2, 1.0, "slow", false, 0), factory.params(Map.of("blocks", 2, "mode", "slow")));
        // resolved params resolve to themselves: a run's recorded params build the same attention again
        Map<String, Object> resolved = factory.resolveParams(Map.of("blocks", 2));
        assertEquals(resolved, factory.resolveParams(resolved));
        Map<String, Object> raw = Map.of("blocks", 2, "budget", 1);
        String expected = "parameter 'budget' of probe only applies to mode slow, not fast";
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.params(raw)).getMessage());
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.resolveParams(raw)).getMessage());
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.create(raw)).getMessage());
    }
}
