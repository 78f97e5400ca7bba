package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.DecodeShape;
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
    void aFactoryThatDoesNotSayServesEncodersOnly() {
        assertEquals(CausalSupport.ENCODER_ONLY, factory.causalSupport());
        AttentionFactory bare = new AttentionFactory() {
            @Override
            public PluginInfo info() {
                return factory.info();
            }

            @Override
            public Map<String, Object> resolveParams(Map<String, ?> raw) {
                return factory.resolveParams(raw);
            }

            @Override
            public org.attentionlab.core.attention.Attention create(Map<String, ?> raw) {
                return factory.create(raw);
            }
        };
        assertEquals(CausalSupport.ENCODER_ONLY, bare.causalSupport());
        TypedAttentionFactory<ProbeParams> decoder = new TypedAttentionFactory<>("probe-decoder", "test", Exactness.EXACT,
                CausalSupport.DECODER_ONLY, ProbeParams.class, factory.info().params()) {
            @Override
            protected org.attentionlab.core.attention.Attention create(ProbeParams params) {
                return new ProbeFactory.ProbeAttention(params);
            }
        };
        assertEquals(CausalSupport.DECODER_ONLY, decoder.causalSupport());
        assertEquals("probe-decoder", decoder.info().name());
    }

    @Test
    void anAttentionWithoutDecodingRefusesStartDecodeInOneLineNamingItsClass() {
        var attention = factory.create(Map.of("blocks", 1));
        var e = assertThrows(UnsupportedOperationException.class, () -> attention.startDecode(new DecodeShape(4, 2, 8, 16)));
        assertEquals("ProbeAttention has no KV-cache decoding (startDecode)", e.getMessage());
    }

    @Test
    void decodeShapeChecksItsSizesAndGroupsQueryHeads() {
        DecodeShape gqa = new DecodeShape(8, 2, 64, 100);
        assertEquals(4, gqa.group());
        assertEquals(0, gqa.kvHeadOf(3));
        assertEquals(1, gqa.kvHeadOf(4));
        assertEquals("heads=6 is not a multiple of kvHeads=4",
                assertThrows(IllegalArgumentException.class, () -> new DecodeShape(6, 4, 8, 8)).getMessage());
        assertEquals("decode shape must be positive, got heads=2 kvHeads=1 dHead=8 maxTokens=0",
                assertThrows(IllegalArgumentException.class, () -> new DecodeShape(2, 1, 8, 0)).getMessage());
        assertEquals(false, CausalSupport.ENCODER_ONLY.servesDecoders());
        assertEquals(false, CausalSupport.DECODER_ONLY.servesEncoders());
        assertEquals(true, CausalSupport.ENCODER_AND_DECODER.servesEncoders() && CausalSupport.ENCODER_AND_DECODER.servesDecoders());
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
