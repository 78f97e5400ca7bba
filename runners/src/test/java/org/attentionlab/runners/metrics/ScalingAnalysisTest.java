package org.attentionlab.runners.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Scaling;
import org.junit.jupiter.api.Test;

class ScalingAnalysisTest {

    static Cell cell(String label, int n, double ms) {
        return new Cell(label, label, Map.of(), null, n, 1, Cell.OK, null, null,
                new Cost(ms, ms, ms, n / ms, ms, 1.0, 0L, 0L, 0L, null));
    }

    @Test
    void fitsExponentsAndInterpolatesTheCrossoverOnLogLog() {
        List<Cell> cells = new ArrayList<>();
        for (int n : new int[] {512, 1024, 2048, 4096}) {
            cells.add(cell("full", n, 1e-4 * n * n));   // quadratic
            cells.add(cell("window", n, 0.2 * n));      // linear: equal to full at n = 2000
        }
        List<Scaling> s = ScalingAnalysis.analyse(cells, "full", 512);
        Scaling full = s.get(0);
        Scaling window = s.get(1);
        assertEquals(2.0, full.exponent(), 1e-9);
        assertEquals("baseline", full.crossover());
        assertEquals(1.0, window.exponent(), 1e-9);
        // ratio 0.2n / 1e-4 n^2 = 2000 / n: a straight line on log-log, crossing 1 at n = 2000
        assertEquals(2000, window.crossoverN(), 1e-6);
        assertEquals("cheaper from n ~ 2000", window.crossover());
    }

    @Test
    void theExponentIsFittedFromTheGivenSizeOn() {
        // a fixed 5 ms per call hides the quadratic growth at small n; fitted from n = 1024 it shows
        List<Cell> cells = new ArrayList<>();
        for (int n : new int[] {128, 256, 512, 1024, 2048, 4096}) {
            cells.add(cell("full", n, 5 + 1e-4 * n * n));
        }
        double all = ScalingAnalysis.analyse(cells, "full", 128).get(0).exponent();
        double large = ScalingAnalysis.analyse(cells, "full", 1024).get(0).exponent();
        assertTrue(all < 1.8, "all sizes: " + all);
        assertTrue(large > 1.9 && large < 2.0, "n >= 1024: " + large);
    }

    @Test
    void saysWhenAVariantIsNeverOrAlwaysCheaper() {
        List<Cell> cells = List.of(cell("full", 32, 1), cell("full", 64, 2), cell("slow", 32, 3), cell("slow", 64, 5),
                cell("fast", 32, 0.5), cell("fast", 64, 1));
        List<Scaling> s = ScalingAnalysis.analyse(cells, "full", 32);
        assertEquals("never cheaper up to n = 64", s.get(1).crossover());
        assertNull(s.get(1).crossoverN());
        assertEquals("cheaper at every size from n = 32", s.get(2).crossover());
    }
}
