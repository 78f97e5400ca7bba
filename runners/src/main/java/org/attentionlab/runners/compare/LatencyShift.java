package org.attentionlab.runners.compare;

import java.util.List;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.attentionlab.runners.metrics.Stats;

/**
 * Did a variant's latency, relative to the reference timed beside it, move between two runs? Each run
 * gives one ratio per repetition (variant sample / reference sample of the same repetition, which saw the
 * same machine state); the change is the ratio of the two runs' median ratios, and its significance a
 * two-sided Mann-Whitney U test on the two sets of per-repetition ratios. A cell moves only when the
 * change is beyond the tolerance and significant, as in asv; fewer than {@link #MIN_REPETITIONS}
 * repetitions on either side is flagged, as google/benchmark's compare.py does.
 *
 * @param baselineRatio median per-repetition ratio of the baseline
 * @param currentRatio  median per-repetition ratio of the current run
 * @param change        currentRatio / baselineRatio - 1 (+0.30: 30% slower relative to the reference)
 * @param pValue        two-sided Mann-Whitney U p-value of the two ratio sets
 * @param baselineReps  repetitions of the baseline
 * @param currentReps   repetitions of the current run
 * @param verdict       REGRESSION, IMPROVED or WITHIN_TOLERANCE
 */
public record LatencyShift(double baselineRatio, double currentRatio, double change, double pValue,
                           int baselineReps, int currentReps, Verdict verdict) {

    /** Below this many repetitions on either side the test has too little power to trust its verdict. */
    public static final int MIN_REPETITIONS = 9;

    /**
     * @param baseVariantMs   the baseline's variant samples, in measuring order
     * @param baseReferenceMs the baseline's reference samples, paired with them by repetition
     * @param tolerance       relative change allowed (0.10 = 10%)
     * @param alpha           significance level, in (0, 0.5]
     */
    public static LatencyShift of(List<Double> baseVariantMs, List<Double> baseReferenceMs, List<Double> curVariantMs,
                                  List<Double> curReferenceMs, double tolerance, double alpha) {
        double[] base = ratios(baseVariantMs, baseReferenceMs);
        double[] cur = ratios(curVariantMs, curReferenceMs);
        double baseRatio = Stats.median(base);
        double curRatio = Stats.median(cur);
        double change = curRatio / baseRatio - 1;
        double p = new MannWhitneyUTest().mannWhitneyUTest(base, cur);
        boolean significant = p < alpha;
        Verdict v = significant && change > tolerance ? Verdict.REGRESSION
                : significant && change < -tolerance ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
        return new LatencyShift(baseRatio, curRatio, change, p, base.length, cur.length, v);
    }

    /** Per-repetition variant / reference ratios. */
    static double[] ratios(List<Double> variantMs, List<Double> referenceMs) {
        if (variantMs.size() != referenceMs.size() || variantMs.isEmpty()) {
            throw new IllegalArgumentException("variant and reference samples must pair up, got "
                    + variantMs.size() + " and " + referenceMs.size());
        }
        double[] r = new double[variantMs.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = variantMs.get(i) / referenceMs.get(i);
        }
        return r;
    }

    /** True when either run has too few repetitions for the test to be trusted. */
    public boolean fewRepetitions() {
        return Math.min(baselineReps, currentReps) < MIN_REPETITIONS;
    }
}
