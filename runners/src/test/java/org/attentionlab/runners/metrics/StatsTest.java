package org.attentionlab.runners.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianAndPercentilesInterpolateBetweenRanks() {
        double[] v = {5, 1, 4, 2, 3};
        assertEquals(3, Stats.median(v));
        assertEquals(1.4, Stats.percentile(v, 10), 1e-12);
        assertEquals(4.6, Stats.percentile(v, 90), 1e-12);
        assertEquals(2.5, Stats.median(new double[] {4, 1, 2, 3}), 1e-12);
    }

    @Test
    void logLogSlopeRecoversThePowerLaw() {
        double[] n = {512, 1024, 2048, 4096};
        double[] quadratic = new double[n.length];
        double[] linear = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            quadratic[i] = 3e-6 * n[i] * n[i];
            linear[i] = 0.02 * n[i];
        }
        assertEquals(2.0, Stats.logLogSlope(n, quadratic), 1e-12);
        assertEquals(1.0, Stats.logLogSlope(n, linear), 1e-12);
        assertNull(Stats.logLogSlope(new double[] {8}, new double[] {1}));
        assertNull(Stats.logLogSlope(new double[] {8, 16}, new double[] {1, 0}));
    }
}
