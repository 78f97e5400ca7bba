package org.attentionlab.runners.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeltaIntervalTest {

    @Test
    void aConstantDropHasAPointInterval() {
        DeltaInterval d = DeltaInterval.of(new double[] {0.9, 0.8, 0.7}, new double[] {0.85, 0.75, 0.65}, 2000, 1);
        assertEquals(-0.05, d.delta(), 1e-12);
        assertEquals(-0.05, d.low(), 1e-12);
        assertEquals(-0.05, d.high(), 1e-12);
    }

    @Test
    void theIntervalSpansTheDocumentsSpreadAndIsReproducibleFromItsSeed() {
        double[] base = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        double[] cur = {0.4, 0.6, 0.45, 0.55, 0.5, 0.52, 0.48, 0.5};
        DeltaInterval a = DeltaInterval.of(base, cur, 5000, 42);
        assertEquals(0.0, a.delta(), 1e-12);
        assertTrue(a.low() < -0.01 && a.high() > 0.01, a.toString());
        assertTrue(a.low() > -0.1 && a.high() < 0.1, a.toString());
        assertEquals(a, DeltaInterval.of(base, cur, 5000, 42));
    }
}
