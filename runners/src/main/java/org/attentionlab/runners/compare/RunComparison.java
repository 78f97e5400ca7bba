package org.attentionlab.runners.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;

/** Matches two runs' cells by (label, n) and lists what moved, with a verdict per metric. */
public final class RunComparison {

    private static final Map<String, Function<Accuracy, Double>> ACCURACY = new LinkedHashMap<>();

    static {
        ACCURACY.put("embeddingCosine", Accuracy::embeddingCosine);
        ACCURACY.put("tokenCosineMean", Accuracy::tokenCosineMean);
        ACCURACY.put("tokenCosineMin", Accuracy::tokenCosineMin);
        ACCURACY.put("retrievalAgreement", Accuracy::retrievalAgreement);
        ACCURACY.put("relL2", Accuracy::relL2);
        ACCURACY.put("maxAbsError", Accuracy::maxAbsError);
    }

    private final List<Movement> movements = new ArrayList<>();
    private int matched;

    private RunComparison() {
    }

    public static RunComparison compare(RunResults baseline, RunResults current, Tolerances tolerances) {
        RunComparison c = new RunComparison();
        if (!current.trustworthy()) {
            c.movements.add(new Movement("run", "gate", baseline.trustworthy() ? "passed" : "failed", "failed", "", Verdict.UNTRUSTWORTHY));
        }
        Map<String, Cell> base = index(baseline.cells());
        Map<String, Cell> cur = index(current.cells());
        for (Map.Entry<String, Cell> e : base.entrySet()) {
            Cell now = cur.get(e.getKey());
            if (now == null) {
                c.movements.add(new Movement(e.getKey(), "cell", e.getValue().status(), "missing", "", Verdict.MISSING));
            } else {
                c.matched++;
                c.compareCell(e.getKey(), e.getValue(), now, tolerances);
            }
        }
        for (Map.Entry<String, Cell> e : cur.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                c.movements.add(new Movement(e.getKey(), "cell", "missing", e.getValue().status(), "", Verdict.NEW));
            }
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

    private void compareCell(String key, Cell base, Cell now, Tolerances tol) {
        if (base.ok() && !now.ok()) {
            movements.add(new Movement(key, "status", "ok", "failed: " + now.error(), "", Verdict.NOW_FAILED));
            return;
        }
        if (!base.ok()) {
            if (now.ok()) {
                movements.add(new Movement(key, "status", "failed", "ok", "", Verdict.NOW_OK));
            }
            return;
        }
        for (Map.Entry<String, Function<Accuracy, Double>> m : ACCURACY.entrySet()) {
            Double b = base.accuracy() == null ? null : m.getValue().apply(base.accuracy());
            Double n = now.accuracy() == null ? null : m.getValue().apply(now.accuracy());
            if (b == null || n == null || b.equals(n)) {
                continue;
            }
            double delta = n - b;
            double t = tol.accuracy().get(m.getKey());
            boolean higherBetter = Tolerances.HIGHER_IS_BETTER.contains(m.getKey());
            double worse = higherBetter ? -delta : delta;
            Verdict v = worse > t ? Verdict.REGRESSION : worse < -t ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
            movements.add(new Movement(key, m.getKey(), fmt(b), fmt(n), String.format(Locale.ROOT, "%+.2e", delta), v));
        }
        Double b = base.cost() == null ? null : base.cost().latencyRatioToReference();
        Double n = now.cost() == null ? null : now.cost().latencyRatioToReference();
        if (b != null && n != null && b > 0 && !b.equals(n)) {
            double rel = n / b - 1;
            double t = tol.cost().get("latencyRatioToReference");
            Verdict v = rel > t ? Verdict.REGRESSION : rel < -t ? Verdict.IMPROVED : Verdict.WITHIN_TOLERANCE;
            movements.add(new Movement(key, "latencyRatioToReference", String.format(Locale.ROOT, "%.3f", b),
                    String.format(Locale.ROOT, "%.3f", n), String.format(Locale.ROOT, "%+.1f%%", rel * 100), v));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    public List<Movement> movements() {
        return movements;
    }

    public int matchedCells() {
        return matched;
    }

    public boolean regressed() {
        return movements.stream().anyMatch(m -> m.verdict().regression());
    }

    public long regressions() {
        return movements.stream().filter(m -> m.verdict().regression()).count();
    }
}
