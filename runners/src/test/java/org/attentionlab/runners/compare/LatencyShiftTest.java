package org.attentionlab.runners.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class LatencyShiftTest {

    /** reps samples around {@code ms} with +-3% noise, deterministic. */
    static List<Double> noisy(double ms, int reps, long seed) {
        Random r = new Random(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            out.add(ms * (1 + (r.nextDouble() - 0.5) * 0.06));
        }
        return out;
    }

    @Test
    void aRealThirtyPercentSlowdownWithNineRepetitionsIsARegression() {
        LatencyShift s = LatencyShift.of(noisy(10, 9, 1), noisy(20, 9, 2), noisy(13, 9, 3), noisy(20, 9, 4), 0.10, 0.01);
        assertEquals(Verdict.REGRESSION, s.verdict());
        assertTrue(s.change() > 0.2 && s.change() < 0.4, "change " + s.change());
        assertTrue(s.pValue() < 0.001, "p " + s.pValue());
        assertFalse(s.fewRepetitions());
    }

    @Test
    void theSameSpeedUpIsAnImprovement() {
        LatencyShift s = LatencyShift.of(noisy(13, 9, 3), noisy(20, 9, 4), noisy(10, 9, 1), noisy(20, 9, 2), 0.10, 0.01);
        assertEquals(Verdict.IMPROVED, s.verdict());
    }

    @Test
    void withTooFewRepetitionsForTheTestTheMediansDecide() {
        // two repetitions each: the smallest two-sided p the test can give is far above 0.01, so the test cannot decide
        LatencyShift s = LatencyShift.of(List.of(10.0, 10.1), List.of(20.0, 20.0), List.of(14.0, 14.1), List.of(20.0, 20.0), 0.10, 0.01);
        assertTrue(s.change() > 0.3);
        assertTrue(s.smallestP() > 0.01, "smallest p " + s.smallestP());
        assertEquals(Verdict.REGRESSION, s.verdict());
        assertEquals(LatencyShift.Rule.TOLERANCE_ONLY, s.rule());
        assertTrue(s.fewRepetitions());
        LatencyShift within = LatencyShift.of(List.of(10.0, 10.1), List.of(20.0, 20.0), List.of(10.5, 10.4), List.of(20.0, 20.0), 0.10, 0.01);
        assertEquals(Verdict.WITHIN_TOLERANCE, within.verdict());
    }

    @Test
    void theSmallestPIsTheTestsPOfTwoSamplesThatDoNotOverlap() {
        // commons-math3's normal approximation: 3 vs 3 -> 0.0495 (the "0.05"), 9 vs 9 -> far below 0.01
        assertEquals(new MannWhitneyUTest().mannWhitneyUTest(new double[] {1, 2, 3}, new double[] {4, 5, 6}), LatencyShift.smallestP(3, 3), 0.0);
        assertEquals(0.0495, LatencyShift.smallestP(3, 3), 1e-4);
        assertTrue(LatencyShift.smallestP(9, 9) < 0.001);
        assertTrue(LatencyShift.smallestP(4, 4) > 0.01 && LatencyShift.smallestP(5, 5) < 0.01,
                LatencyShift.smallestP(4, 4) + " " + LatencyShift.smallestP(5, 5));
    }

    @Test
    void aLargeSlowdownFailsEvenWhenTheTestFindsNothing() {
        // 5 vs 5: the test could reach 0.01, but these ratios overlap (two of the current repetitions are fast) and
        // p stays high, while the median ratio is 2.5x the baseline's
        List<Double> ref = List.of(10.0, 10.0, 10.0, 10.0, 10.0);
        LatencyShift s = LatencyShift.of(List.of(10.0, 10.2, 9.9, 30.0, 10.1), ref, List.of(25.0, 26.0, 25.5, 5.0, 4.0), ref, 0.10, 0.01);
        assertTrue(s.pValue() > 0.01, "p " + s.pValue());
        assertTrue(s.change() > 1.0, "change " + s.change());
        assertEquals(Verdict.REGRESSION, s.verdict());
        assertEquals(LatencyShift.Rule.LARGE_SLOWDOWN, s.rule());
    }

    @Test
    void aSignificantMoveBelowTheToleranceIsWithinTolerance() {
        // +5%, with tiny noise: significant but not beyond 10%
        LatencyShift s = LatencyShift.of(noisy(10, 12, 1), noisy(20, 12, 2), noisy(10.5, 12, 1), noisy(20, 12, 2), 0.10, 0.01);
        assertTrue(s.pValue() < 0.01, "p " + s.pValue());
        assertEquals(Verdict.WITHIN_TOLERANCE, s.verdict());
    }

    @Test
    void thePValueIsCommonsMathsMannWhitneyOnThePerRepetitionRatios() {
        List<Double> bv = noisy(10, 9, 1), br = noisy(20, 9, 2), cv = noisy(11, 9, 3), cr = noisy(20, 9, 4);
        double expected = new MannWhitneyUTest().mannWhitneyUTest(LatencyShift.ratios(bv, br), LatencyShift.ratios(cv, cr));
        assertEquals(expected, LatencyShift.of(bv, br, cv, cr, 0.10, 0.01).pValue(), 0.0);
    }

    @Test
    void reorderingTheRepetitionsOfARunDoesNotChangeTheVerdict() {
        List<Double> bv = noisy(10, 9, 1), br = noisy(20, 9, 2), cv = noisy(13, 9, 3), cr = noisy(20, 9, 4);
        LatencyShift before = LatencyShift.of(bv, br, cv, cr, 0.10, 0.01);
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
        Collections.shuffle(order, new Random(7));
        List<Double> sv = order.stream().map(cv::get).toList();
        List<Double> sr = order.stream().map(cr::get).toList();
        LatencyShift after = LatencyShift.of(bv, br, sv, sr, 0.10, 0.01);
        assertEquals(before.verdict(), after.verdict());
        assertEquals(before.pValue(), after.pValue(), 1e-12);
        assertEquals(before.change(), after.change(), 1e-12);
    }
}
