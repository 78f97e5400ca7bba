package org.attentionlab.runners.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.TaskScore;

/**
 * Matches two runs' cells by (label, n) and checks every metric of every matched cell. Accuracy: the
 * paired per-document differences and their bootstrap interval ({@link DeltaInterval}); latency: the
 * per-repetition ratios to the reference and a Mann-Whitney U test ({@link LatencyShift}). With
 * {@link ComparisonSettings#legacy} (runs stored without samples), the old rule: means and median ratios.
 */
public final class RunComparison {

    private final List<Movement> checks = new ArrayList<>();
    private final Set<String> warnings = new LinkedHashSet<>();
    private final ComparisonSettings settings;
    private int matched;
    private int fewestRepetitions = Integer.MAX_VALUE;
    private final List<String> toleranceOnly = new ArrayList<>();
    private double smallestP;
    private final List<String> singleDocument = new ArrayList<>();

    private RunComparison(ComparisonSettings settings) {
        this.settings = settings;
    }

    public static RunComparison compare(RunResults baseline, RunResults current, Tolerances tolerances) {
        return compare(baseline, current, new ComparisonSettings(tolerances, ComparisonSettings.DEFAULT_SEED,
                ComparisonSettings.DEFAULT_RESAMPLES, false));
    }

    public static RunComparison compare(RunResults baseline, RunResults current, ComparisonSettings settings) {
        RunComparison c = new RunComparison(settings);
        if (!current.trustworthy()) {
            c.checks.add(new Movement("run", "gate", baseline.trustworthy() ? "passed" : "failed", "failed", "", "",
                    Verdict.UNTRUSTWORTHY, "the current run's correctness gate failed"));
        }
        Map<String, Cell> base = index(baseline.cells());
        Map<String, Cell> cur = index(current.cells());
        for (Map.Entry<String, Cell> e : base.entrySet()) {
            Cell now = cur.get(e.getKey());
            if (now == null) {
                c.checks.add(new Movement(e.getKey(), "cell", e.getValue().status(), "missing", "", "", Verdict.MISSING,
                        "cell " + e.getKey() + " is not in the current run"));
            } else {
                c.matched++;
                c.compareCell(e.getKey(), e.getValue(), now);
            }
        }
        for (Map.Entry<String, Cell> e : cur.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                c.checks.add(new Movement(e.getKey(), "cell", "missing", e.getValue().status(), "", "", Verdict.NEW, ""));
            }
        }
        if (!c.toleranceOnly.isEmpty()) {
            c.warnings.add(String.format(Locale.ROOT, "latency of %d cell%s (%s) decided by the tolerance rule on the median ratios alone: "
                    + "with so few repetitions the Mann-Whitney test cannot give p < %s (its smallest p here is %.3g); raise "
                    + "measure.repetitions to %d or more", c.toleranceOnly.size(), c.toleranceOnly.size() == 1 ? "" : "s",
                    abbreviatedList(c.toleranceOnly), settings.tolerances().alpha(), c.smallestP, LatencyShift.MIN_REPETITIONS));
        }
        if (!c.singleDocument.isEmpty()) {
            c.warnings.add("accuracy of " + c.singleDocument.size() + " cell" + (c.singleDocument.size() == 1 ? "" : "s") + " ("
                    + abbreviatedList(c.singleDocument) + ") rests on 1 document: its 95% interval has zero width and says nothing "
                    + "of the spread; raise corpus.documents");
        }
        if (c.fewestRepetitions < LatencyShift.MIN_REPETITIONS && c.fewestRepetitions != Integer.MAX_VALUE && !settings.legacy()) {
            c.warnings.add("latency verdicts are unreliable: " + c.fewestRepetitions + " repetitions on one side, fewer than "
                    + LatencyShift.MIN_REPETITIONS + " (raise measure.repetitions)");
        }
        return c;
    }

    private static Map<String, Cell> index(List<Cell> cells) {
        Map<String, Cell> map = new LinkedHashMap<>();
        for (Cell cell : cells) {
            map.put(cell.key(), cell);
        }
        return map;
    }

    private void compareCell(String key, Cell base, Cell now) {
        if (base.ok() && !now.ok()) {
            checks.add(new Movement(key, "status", "ok", "failed: " + now.error(), "", "", Verdict.NOW_FAILED,
                    "cell failed: " + now.error()));
            return;
        }
        if (!base.ok()) {
            if (now.ok()) {
                checks.add(new Movement(key, "status", "failed", "ok", "", "", Verdict.NOW_OK, ""));
            }
            return;
        }
        for (String metric : settings.tolerances().accuracy().keySet()) {
            Movement m = accuracy(key, metric, base.accuracy(), now.accuracy());
            if (m != null) {
                checks.add(m);
            }
        }
        if (base.tasks() != null) {
            for (Map.Entry<String, TaskScore> t : base.tasks().entrySet()) {
                Movement m = task(key, t.getKey(), t.getValue(), now.tasks() == null ? null : now.tasks().get(t.getKey()));
                if (m != null) {
                    checks.add(m);
                }
            }
        }
        Movement latency = latency(key, base.cost(), now.cost());
        if (latency != null) {
            checks.add(latency);
        }
        Movement decode = decodeLatency(key, base.cost(), now.cost());
        if (decode != null) {
            checks.add(decode);
        }
    }

    /**
     * A causal language model's decode ms per token against ONNX Runtime with past, by the same test as the forward's
     * latency, when both runs timed it with a reference (an export without past inputs has no reference decode).
     */
    private Movement decodeLatency(String key, Cost base, Cost now) {
        if (base == null || now == null || settings.legacy() || base.decodeSamplesMsPerToken() == null || now.decodeSamplesMsPerToken() == null
                || base.referenceDecodeSamplesMsPerToken() == null || now.referenceDecodeSamplesMsPerToken() == null) {
            return null;
        }
        String metric = Tolerances.DECODE_LATENCY;
        if (base.decodeSamplesMsPerToken().equals(now.decodeSamplesMsPerToken())
                && base.referenceDecodeSamplesMsPerToken().equals(now.referenceDecodeSamplesMsPerToken())) {
            return new Movement(key, metric, ratio(base.decodeRatioToReference()), ratio(now.decodeRatioToReference()), "0", "",
                    Verdict.UNCHANGED, "identical samples");
        }
        double tol = settings.tolerances().latency();
        LatencyShift s = LatencyShift.of(base.decodeSamplesMsPerToken(), base.referenceDecodeSamplesMsPerToken(), now.decodeSamplesMsPerToken(),
                now.referenceDecodeSamplesMsPerToken(), tol, settings.tolerances().alpha());
        fewestRepetitions = Math.min(fewestRepetitions, Math.min(s.baselineReps(), s.currentReps()));
        String evidence = String.format(Locale.ROOT, "p = %.2g (%d vs %d reps)%s", s.pValue(), s.baselineReps(), s.currentReps(),
                s.fewRepetitions() ? ", unreliable" : "");
        String numbers = String.format(Locale.ROOT, "median decode ms per token over ONNX Runtime with past %.4f -> %.4f (%+.1f%%), "
                + "Mann-Whitney p = %.3g, tolerance %.1f%%, alpha %s", s.baselineRatio(), s.currentRatio(), s.change() * 100, s.pValue(),
                tol * 100, settings.tolerances().alpha());
        return new Movement(key, metric, ratio(s.baselineRatio()), ratio(s.currentRatio()),
                String.format(Locale.ROOT, "%+.1f%%", s.change() * 100), evidence, s.verdict(), numbers);
    }

    private Movement accuracy(String key, String metric, Accuracy base, Accuracy now) {
        Double b = base == null ? null : base.value(metric);
        Double n = now == null ? null : now.value(metric);
        if (b == null || n == null) {
            return null;
        }
        double tol = settings.tolerances().accuracy().get(metric);
        boolean higherBetter = Tolerances.HIGHER_IS_BETTER.contains(metric);
        List<Double> bd = base.documentValues(metric);
        List<Double> nd = now.documentValues(metric);
        boolean paired = !settings.legacy() && bd != null && nd != null && bd.size() == nd.size() && !bd.isEmpty();
        if (paired ? bd.equals(nd) : b.equals(n)) {
            return new Movement(key, metric, fmt(b), fmt(n), "0", "", Verdict.UNCHANGED, "identical");
        }
        DeltaInterval d = paired
                ? DeltaInterval.of(toArray(bd), toArray(nd), settings.resamples(), settings.bootstrapSeed())
                : new DeltaInterval(n - b, n - b, n - b);
        if (paired && bd.size() == 1 && !singleDocument.contains(key)) {
            singleDocument.add(key); // a bootstrap of one value is that value: an interval of zero width, not certainty
        }
        // Expressed as "how much worse": positive is a loss whichever way the metric points.
        double worstLow = higherBetter ? -d.high() : d.low();
        double worstHigh = higherBetter ? -d.low() : d.high();
        Verdict v = worstLow > tol ? Verdict.REGRESSION : worstHigh < -tol ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
        String evidence = paired
                ? String.format(Locale.ROOT, "95%% CI [%+.2e, %+.2e]", d.low(), d.high())
                : settings.legacy() ? "legacy: mean" : "mean (documents differ)";
        String numbers = String.format(Locale.ROOT, "baseline %.6g, current %.6g, delta %+.3e, 95%% CI [%+.3e, %+.3e], tolerance %.1e (%s is better)",
                b, n, d.delta(), d.low(), d.high(), tol, higherBetter ? "higher" : "lower");
        return new Movement(key, metric, fmt(b), fmt(n), String.format(Locale.ROOT, "%+.2e", d.delta()), evidence, v, numbers);
    }

    /**
     * A task's score: the paired per-query differences and their bootstrap interval, a regression when the interval
     * lies entirely below minus the task's tolerance (higher is better for every task score).
     */
    private Movement task(String key, String label, TaskScore base, TaskScore now) {
        String metric = "task:" + label;
        if (now == null) {
            return new Movement(key, metric, fmt(base.score()), "missing", "", "", Verdict.MISSING, "task " + label + " is not in the current cell");
        }
        List<Double> bq = base.perQuery();
        List<Double> nq = now.perQuery();
        if (bq.equals(nq)) {
            return new Movement(key, metric, fmt(base.score()), fmt(now.score()), "0", "", Verdict.UNCHANGED, "identical");
        }
        double tol = settings.tolerances().task(label);
        boolean paired = bq.size() == nq.size();
        DeltaInterval d = paired ? DeltaInterval.of(toArray(bq), toArray(nq), settings.resamples(), settings.bootstrapSeed())
                : new DeltaInterval(now.score() - base.score(), now.score() - base.score(), now.score() - base.score());
        Verdict v = -d.high() > tol ? Verdict.REGRESSION : d.low() > tol ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
        String evidence = paired ? String.format(Locale.ROOT, "95%% CI [%+.3f, %+.3f] over %d queries", d.low(), d.high(), bq.size())
                : "mean (queries differ)";
        String numbers = String.format(Locale.ROOT, "%s: baseline %.4f, current %.4f, delta %+.4f, 95%% CI [%+.4f, %+.4f], tolerance %.3f "
                + "(higher is better)", base.metric(), base.score(), now.score(), d.delta(), d.low(), d.high(), tol);
        return new Movement(key, metric, fmt(base.score()), fmt(now.score()), String.format(Locale.ROOT, "%+.3f", d.delta()), evidence, v, numbers);
    }

    private Movement latency(String key, Cost base, Cost now) {
        if (base == null || now == null) {
            return null;
        }
        double tol = settings.tolerances().latency();
        boolean samples = !settings.legacy() && base.latencySamplesMs() != null && now.latencySamplesMs() != null
                && base.referenceSamplesMs() != null && now.referenceSamplesMs() != null
                && !base.latencySamplesMs().isEmpty() && !now.latencySamplesMs().isEmpty();
        if (samples) {
            if (base.latencySamplesMs().equals(now.latencySamplesMs()) && base.referenceSamplesMs().equals(now.referenceSamplesMs())) {
                return new Movement(key, Tolerances.LATENCY, ratio(base.latencyRatioToReference()), ratio(now.latencyRatioToReference()),
                        "0", "", Verdict.UNCHANGED, "identical samples");
            }
            LatencyShift s = LatencyShift.of(base.latencySamplesMs(), base.referenceSamplesMs(), now.latencySamplesMs(),
                    now.referenceSamplesMs(), tol, settings.tolerances().alpha());
            fewestRepetitions = Math.min(fewestRepetitions, Math.min(s.baselineReps(), s.currentReps()));
            double alpha = settings.tolerances().alpha();
            String evidence = switch (s.rule()) {
                case TEST -> String.format(Locale.ROOT, "p = %.2g (%d vs %d reps)%s", s.pValue(), s.baselineReps(), s.currentReps(),
                        s.fewRepetitions() ? ", unreliable" : "");
                case TOLERANCE_ONLY -> String.format(Locale.ROOT, "medians only: p >= %.3g at %d vs %d reps", s.smallestP(),
                        s.baselineReps(), s.currentReps());
                case LARGE_SLOWDOWN -> String.format(Locale.ROOT, "large slowdown (p = %.2g, %d vs %d reps)", s.pValue(),
                        s.baselineReps(), s.currentReps());
            };
            String numbers = String.format(Locale.ROOT, "median ratio to reference %.4f -> %.4f (%+.1f%%), Mann-Whitney p = %.3g, "
                    + "tolerance %.1f%%, alpha %s, %d vs %d repetitions", s.baselineRatio(), s.currentRatio(), s.change() * 100,
                    s.pValue(), tol * 100, alpha, s.baselineReps(), s.currentReps())
                    + switch (s.rule()) {
                        case TEST -> "";
                        case TOLERANCE_ONLY -> String.format(Locale.ROOT, "; decided by the tolerance rule on the median ratios alone: "
                                + "the smallest p the test can give at %d vs %d repetitions is %.3g, not below alpha %s",
                                s.baselineReps(), s.currentReps(), s.smallestP(), alpha);
                        case LARGE_SLOWDOWN -> String.format(Locale.ROOT, "; a regression whatever the test says: more than %.0f%% slower",
                                LatencyShift.LARGE_SLOWDOWN * 100);
                    };
            if (s.rule() == LatencyShift.Rule.TOLERANCE_ONLY) {
                toleranceOnly.add(key);
                smallestP = Math.max(smallestP, s.smallestP());
            }
            return new Movement(key, Tolerances.LATENCY, ratio(s.baselineRatio()), ratio(s.currentRatio()),
                    String.format(Locale.ROOT, "%+.1f%%", s.change() * 100), evidence, s.verdict(), numbers);
        }
        Double b = base.latencyRatioToReference();
        Double n = now.latencyRatioToReference();
        if (b == null || n == null || !(b > 0)) {
            return null;
        }
        if (b.equals(n)) {
            return new Movement(key, Tolerances.LATENCY, ratio(b), ratio(n), "0", "", Verdict.UNCHANGED, "identical");
        }
        double rel = n / b - 1;
        Verdict v = rel > tol ? Verdict.REGRESSION : rel < -tol ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
        String numbers = String.format(Locale.ROOT, "median ratio to reference %.4f -> %.4f (%+.1f%%), tolerance %.1f%% (legacy rule)",
                b, n, rel * 100, tol * 100);
        return new Movement(key, Tolerances.LATENCY, ratio(b), ratio(n), String.format(Locale.ROOT, "%+.1f%%", rel * 100),
                "legacy: median", v, numbers);
    }

    /** The first few keys, then how many more: one warning stays one readable line. */
    private static String abbreviatedList(List<String> keys) {
        int shown = Math.min(keys.size(), 5);
        return String.join(", ", keys.subList(0, shown)) + (keys.size() > shown ? " and " + (keys.size() - shown) + " more" : "");
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String ratio(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** Every check made, unchanged ones included (one JUnit test case each). */
    public List<Movement> checks() {
        return checks;
    }

    /** The checks whose figures differ between the runs. */
    public List<Movement> movements() {
        return checks.stream().filter(Movement::moved).toList();
    }

    /** Run-level cautions (too few repetitions, runs that differ but were compared anyway). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    public ComparisonSettings settings() {
        return settings;
    }

    public int matchedCells() {
        return matched;
    }

    public boolean regressed() {
        return checks.stream().anyMatch(m -> m.verdict().regression());
    }

    public long regressions() {
        return checks.stream().filter(m -> m.verdict().regression()).count();
    }
}
