package org.attentionlab.runners.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.Fixtures;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.TaskScore;
import org.junit.jupiter.api.Test;

/** compare on task scores: the paired bootstrap over per-query hits, against the task's tolerance. */
class TaskComparisonTest {

    /** A cell whose passkey task has {@code misses} misses among 50 queries, the misses on the first queries. */
    static Cell withPasskey(int misses) {
        List<Double> hits = new ArrayList<>();
        for (int q = 0; q < 50; q++) {
            hits.add(q < misses ? 0.0 : 1.0);
        }
        double score = hits.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        TaskScore passkey = new TaskScore("passkey", TaskScore.ACCURACY_AT_1, score, hits, 1L, Map.of("0", score), null, null, null, null, null);
        Cell c = Fixtures.cell("window-64", 512, 0.99, 1.0);
        return new Cell(c.variant(), c.label(), c.params(), c.layers(), c.contextSize(), c.documents(), c.status(), c.error(),
                c.accuracy(), c.cost(), null, null, Map.of("passkey", passkey));
    }

    static Movement passkey(RunComparison c) {
        return c.checks().stream().filter(m -> m.metric().equals("task:passkey")).findFirst().orElseThrow();
    }

    @Test
    void aRunAgainstItselfPasses() {
        RunResults run = Fixtures.results(List.of(withPasskey(5)));
        RunComparison c = RunComparison.compare(run, run, Tolerances.defaults());
        assertEquals(Verdict.UNCHANGED, passkey(c).verdict());
        assertFalse(c.regressed());
    }

    @Test
    void aDropWhoseIntervalLiesPastTheToleranceIsARegression() {
        // 20 more misses of 50: delta -0.40, every resample of the paired differences is below -0.02
        RunComparison c = RunComparison.compare(Fixtures.results(List.of(withPasskey(5))), Fixtures.results(List.of(withPasskey(25))),
                Tolerances.defaults());
        Movement m = passkey(c);
        assertEquals(Verdict.REGRESSION, m.verdict(), m.toString());
        assertTrue(c.regressed());
        assertTrue(m.numbers().contains("delta -0.4000"), m.numbers());
    }

    @Test
    void aDropOfOneQueryHasAnIntervalReachingZeroAndIsNoRegression() {
        // one more miss of 50: delta -0.02, but the bootstrap interval reaches 0 (most resamples miss that query)
        RunComparison c = RunComparison.compare(Fixtures.results(List.of(withPasskey(5))), Fixtures.results(List.of(withPasskey(6))),
                Tolerances.defaults());
        assertEquals(Verdict.WITHIN_TOLERANCE, passkey(c).verdict(), passkey(c).numbers());
        assertFalse(c.regressed());
    }

    @Test
    void aLooserTaskToleranceFromTheFileLetsTheDropPass() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tolerances", ".yaml");
        java.nio.file.Files.writeString(file, "tasks: { passkey: 0.5 }\n");
        RunComparison c = RunComparison.compare(Fixtures.results(List.of(withPasskey(5))), Fixtures.results(List.of(withPasskey(25))),
                Tolerances.load(file));
        assertEquals(Verdict.WITHIN_TOLERANCE, passkey(c).verdict());
        java.nio.file.Files.delete(file);
    }
}
