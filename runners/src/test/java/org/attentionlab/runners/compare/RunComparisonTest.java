package org.attentionlab.runners.compare;

import static org.attentionlab.runners.Fixtures.cell;
import static org.attentionlab.runners.Fixtures.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;

class RunComparisonTest {

    private final RunResults baseline = results(List.of(cell("full", 32, 1.0, 1.2), cell("window", 32, 0.98, 0.5),
            cell("full", 64, 1.0, 1.3), cell("window", 64, 0.95, 0.4)));

    @Test
    void aRunAgainstItselfMovesNothing() {
        RunComparison c = RunComparison.compare(baseline, baseline, Tolerances.defaults());
        assertTrue(c.movements().isEmpty());
        assertEquals(4, c.matchedCells());
        assertFalse(c.regressed());
    }

    @Test
    void aWorseEmbeddingCosineBeyondToleranceIsARegressionOfThatCell() {
        RunResults current = results(List.of(cell("full", 32, 1.0, 1.2), cell("window", 32, 0.98, 0.5),
                cell("full", 64, 1.0, 1.3), cell("window", 64, 0.90, 0.4)));
        RunComparison c = RunComparison.compare(baseline, current, Tolerances.defaults());
        assertTrue(c.regressed());
        assertEquals(1, c.movements().size());
        Movement m = c.movements().get(0);
        assertEquals("window@64", m.cell());
        assertEquals("embeddingCosine", m.metric());
        assertEquals(Verdict.REGRESSION, m.verdict());
        assertEquals("-5.00e-02", m.delta());
    }

    @Test
    void smallAccuracyMovesAreWithinToleranceAndBetterIsImproved() {
        RunResults current = results(List.of(cell("full", 32, 1.0, 1.2), cell("window", 32, 0.98004, 0.5),
                cell("full", 64, 1.0, 1.3), cell("window", 64, 0.97, 0.4)));
        RunComparison c = RunComparison.compare(baseline, current, Tolerances.defaults());
        assertFalse(c.regressed());
        assertEquals(Verdict.WITHIN_TOLERANCE, c.movements().get(0).verdict());
        assertEquals(Verdict.IMPROVED, c.movements().get(1).verdict());
    }

    @Test
    void costIsComparedAsTheRatioToTheReferenceWithARelativeTolerance() {
        // 0.5 -> 0.6 is +20% (within 25%); 0.4 -> 0.52 is +30% (regression)
        RunResults current = results(List.of(cell("full", 32, 1.0, 1.2), cell("window", 32, 0.98, 0.6),
                cell("full", 64, 1.0, 1.3), cell("window", 64, 0.95, 0.52)));
        RunComparison c = RunComparison.compare(baseline, current, Tolerances.defaults());
        assertEquals(List.of(Verdict.WITHIN_TOLERANCE, Verdict.REGRESSION), c.movements().stream().map(Movement::verdict).toList());
        assertEquals("+30.0%", c.movements().get(1).delta());
    }

    @Test
    void missingAndFailedCellsAreReported() {
        Cell failed = Cell.failed("sliding-window", "window", java.util.Map.of(), null, 32, 4, "boom");
        RunResults current = results(List.of(cell("full", 32, 1.0, 1.2), failed, cell("full", 64, 1.0, 1.3),
                cell("full", 128, 1.0, 1.3)));
        RunComparison c = RunComparison.compare(baseline, current, Tolerances.defaults());
        assertEquals(List.of(Verdict.NOW_FAILED, Verdict.MISSING, Verdict.NEW), c.movements().stream().map(Movement::verdict).toList());
        assertEquals("window@64", c.movements().get(1).cell());
        assertTrue(c.regressed());
    }
}
