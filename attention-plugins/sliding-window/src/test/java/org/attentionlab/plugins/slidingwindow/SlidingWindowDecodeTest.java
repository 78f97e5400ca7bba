package org.attentionlab.plugins.slidingwindow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.decode.MaskedDecodeState;
import org.attentionlab.core.testing.DecodeDriver;
import org.junit.jupiter.api.Test;

/** The sliding window's decode cache is a rolling buffer of its band: its keys and bytes stay the same as the sequence grows. */
class SlidingWindowDecodeTest {

    private final SlidingWindowFactory factory = new SlidingWindowFactory();

    @Test
    void theCacheHoldsTheBandAndItsBytesAreConstantInTheSequenceLength() {
        int d = 16;
        DecodeShape shape = new DecodeShape(4, 2, d, 4000);
        DecodeState state = factory.create(Map.of("width", 16)).startDecode(shape);
        Random random = new Random(1);
        DecodeDriver.steps(state, shape, 10, random);
        assertEquals(10, state.keysHeld(), "fewer tokens than the band: all of them");
        DecodeDriver.steps(state, shape, 290, random);
        long bytesAt300 = state.cacheBytes();
        long allocatedAt300 = ((MaskedDecodeState) state).cacheBytesAllocated();
        assertEquals(16, state.keysHeld());
        assertEquals(2L * 2 * 16 * d * Float.BYTES, bytesAt300);
        DecodeDriver.steps(state, shape, 3000, random);
        assertEquals(3300, state.position());
        assertEquals(16, state.keysHeld());
        assertEquals(bytesAt300, state.cacheBytes());
        assertEquals(allocatedAt300, ((MaskedDecodeState) state).cacheBytesAllocated(), "the buffers did not grow with n");
    }

    @Test
    void sinksAndGlobalTokensAreKeptBesideTheBand() {
        DecodeShape shape = new DecodeShape(2, 2, 8, 600);
        assertEquals(16 + 4, DecodeDriver.decode(factory.create(Map.of("width", 16, "sinks", 4)), shape, 500, 2).keysHeld());
        assertEquals(16 + 3, DecodeDriver.decode(factory.create(Map.of("width", 16, "globalTokens", 3)), shape, 500, 3).keysHeld());
        // a dilated band spans (width - 1) * dilation + 1 positions; every residue is still needed by a later query
        assertEquals(15 * 3 + 1, DecodeDriver.decode(factory.create(Map.of("width", 16, "dilation", 3)), shape, 500, 4).keysHeld());
    }
}
