package org.attentionlab.plugins.masked;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.decode.MaskedDecodeState;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.testing.DecodeDriver;
import org.junit.jupiter.api.Test;

/** What a masked variant's decode cache holds: what a later query may still see, and no more. */
class MaskedDecodeTest {

    private final AttentionFactory factory = PluginRegistry.of(List.of(new MaskedModule())).factory("masked");
    private final DecodeShape shape = new DecodeShape(4, 1, 8, 2000);

    private DecodeState decode(String mask, int tokens) {
        return DecodeDriver.decode(factory.create(Map.of("mask", mask)), shape, tokens, mask.hashCode());
    }

    @Test
    void streamingLlmKeepsSinksPlusWindowPlusOneKeysWithBytesConstantInN() {
        DecodeState state = factory.create(Map.of("mask", "window(32) | sinks(4)")).startDecode(shape);
        Random random = new Random(5);
        DecodeDriver.steps(state, shape, 200, random);
        assertEquals(4 + 32 + 1, state.keysHeld());
        long bytes = state.cacheBytes();
        long allocated = ((MaskedDecodeState) state).cacheBytesAllocated();
        assertEquals(2L * 37 * 8 * Float.BYTES, bytes);
        DecodeDriver.steps(state, shape, 1600, random);
        assertEquals(4 + 32 + 1, state.keysHeld());
        assertEquals(bytes, state.cacheBytes());
        assertEquals(allocated, ((MaskedDecodeState) state).cacheBytesAllocated());
    }

    @Test
    void otherMasksKeepWhatALaterQueryMayStillSee() {
        assertEquals(300, decode("all", 300).keysHeld());
        assertEquals(300, decode("prefix(4)", 300).keysHeld());
        // the ring inside the window is still needed: a later query sees those keys once they are 3 or more behind
        assertEquals(2 + 10, decode("(window(9) & !window(2)) | sinks(2)", 300).keysHeld());
        assertEquals(5 + 2, decode("global(5) | window(1)", 300).keysHeld());
        assertEquals(7, decode("dilated(6, 2)", 300).keysHeld());
        // BigBird's random blocks depend on n: nothing can be dropped
        assertEquals(300, decode("bigbird(16, 3, 1, 1, 7)", 300).keysHeld());
    }
}
