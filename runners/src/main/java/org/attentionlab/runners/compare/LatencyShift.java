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
 * <p>Two cases do not wait for the test. With few repetitions the test cannot reach alpha at all (3 vs 3: its
 * smallest p is 0.0495): then the cell is decided by the tolerance rule on the median ratios alone
 * ({@link Rule#TOLERANCE_ONLY}), or a 1000x slowdown would read "within tolerance". And a median ratio more than
 * {@link #LARGE_SLOWDOWN} worse fails whatever the test says ({@link Rule#LARGE_SLOWDOWN}): no noise of a
 * shared machine doubles every repetition's ratio to a reference timed beside it.
 *
 * @param baselineRatio median per-repetition ratio of the baseline
 * @param currentRatio  median per-repetition ratio of the current run
 * @param change        currentRatio / baselineRatio - 1 (+0.30: 30% slower relative to the reference)
 * @param pValue        two-sided Mann-Whitney U p-value of the two ratio sets
 * @param smallestP     the smallest p-value the test can give for these two sample sizes (all of one run's
 *                      ratios below all of the other's)
 * @param baselineReps  repetitions of the baseline
 * @param currentReps   repetitions of the current run
 * @param verdict       REGRESSION, IMPROVED or WITHIN_TOLERANCE
 * @param rule          what decided the verdict
 */
public record LatencyShift(double baselineRatio, double currentRatio, double change, double pValue, double smallestP,
                           int baselineReps, int currentReps, Verdict verdict, Rule rule) {

    /** Below this many repetitions on either side the test has too little power to trust its verdict. */
    public static final int MIN_REPETITIONS = 9;

    /** A change beyond this (+100%: the median ratio doubled) is a regression whatever the p-value. */
    public static final double LARGE_SLOWDOWN = 1.0;

    /** What decided a latency verdict. */
    public enum Rule {
        /** the tolerance and the Mann-Whitney test together */
        TEST,
        /** the tolerance on the median ratios alone: the test cannot reach alpha with so few repetitions */
        TOLERANCE_ONLY,
        /** a slowdown beyond {@link #LARGE_SLOWDOWN}: a regression whatever the test says */
        LARGE_SLOWDOWN
    }

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
        double smallest = smallestP(base.length, cur.length);
        Verdict byTolerance = change > tolerance ? Verdict.REGRESSION : change < -tolerance ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
        if (!(smallest < alpha)) {
            return new LatencyShift(baseRatio, curRatio, change, p, smallest, base.length, cur.length, byTolerance, Rule.TOLERANCE_ONLY);
        }
        if (!(p < alpha) && change > Math.max(LARGE_SLOWDOWN, tolerance)) {
            return new LatencyShift(baseRatio, curRatio, change, p, smallest, base.length, cur.length, Verdict.REGRESSION, Rule.LARGE_SLOWDOWN);
        }
        Verdict v = p < alpha ? byTolerance : Verdict.WITHIN_TOLERANCE;
        return new LatencyShift(baseRatio, curRatio, change, p, smallest, base.length, cur.length, v, Rule.TEST);
    }

    /**
     * The smallest p-value the two-sided test gives for samples of these sizes: the one of two samples that do not
     * overlap at all (without ties, the most extreme U there is). When it is not below alpha, no data can make the
     * test significant.
     */
    public static double smallestP(int baselineReps, int currentReps) {
        double[] low = new double[baselineReps];
        double[] high = new double[currentReps];
        for (int i = 0; i < low.length; i++) {
            low[i] = i;
        }
        for (int i = 0; i < high.length; i++) {
            high[i] = low.length + i;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(low, high);
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
