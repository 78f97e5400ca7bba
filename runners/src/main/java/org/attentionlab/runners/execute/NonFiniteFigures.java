package org.attentionlab.runners.execute;

import java.util.List;
import java.util.Map;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.TaskScore;

/**
 * Finds the first figure of a cell that is not a finite number (NaN, an infinity): such a cell did not measure
 * anything (a variant whose logits overflowed, a forward that produced NaN) and must fail, named, rather than
 * pass as ok with a value JSON cannot hold. Task scores are checked too: a score is a mean of per-query values, so a
 * NaN in one query would make the cell's score NaN.
 */
final class NonFiniteFigures {

    private NonFiniteFigures() {
    }

    /** {@code "tokenCosineMean is NaN (document 0)"}, or null when every figure is finite. */
    static String first(Accuracy accuracy, Cost cost) {
        return first(accuracy, cost, null);
    }

    /**
     * As {@link #first(Accuracy, Cost)}, then the task scores: each score, each query's value and each breakdown
     * ({@code "task recall: perQuery holds NaN (query 3)"}).
     */
    static String first(Accuracy accuracy, Cost cost, Map<String, TaskScore> tasks) {
        String found = firstOf(accuracy, cost);
        if (found != null || tasks == null) {
            return found;
        }
        for (Map.Entry<String, TaskScore> t : tasks.entrySet()) {
            String problem = firstOf(t.getValue());
            if (problem != null) {
                return describe("task score", "task " + t.getKey() + ": " + problem);
            }
        }
        return null;
    }

    private static String firstOf(TaskScore s) {
        if (!Double.isFinite(s.score())) {
            return "score is " + s.score();
        }
        List<Double> perQuery = s.perQuery() == null ? List.of() : s.perQuery();
        for (int q = 0; q < perQuery.size(); q++) {
            if (notFinite(perQuery.get(q))) {
                return "perQuery holds " + perQuery.get(q) + " (query " + q + ")";
            }
        }
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        figures.put("ndcgAt10", s.ndcgAt10());
        figures.put("recallAt100", s.recallAt100());
        figures.put("mrrAt10", s.mrrAt10());
        for (Map.Entry<String, Double> f : figures.entrySet()) {
            if (notFinite(f.getValue())) {
                return f.getKey() + " is " + f.getValue();
            }
        }
        Map<String, Map<String, Double>> breakdowns = new java.util.LinkedHashMap<>();
        breakdowns.put("byDepth", s.byDepth());
        breakdowns.put("byPairs", s.byPairs());
        breakdowns.put("byDistance", s.byDistance());
        for (Map.Entry<String, Map<String, Double>> b : breakdowns.entrySet()) {
            for (Map.Entry<String, Double> e : b.getValue() == null ? Map.<String, Double>of().entrySet() : b.getValue().entrySet()) {
                if (notFinite(e.getValue())) {
                    return b.getKey() + "[" + e.getKey() + "] is " + e.getValue();
                }
            }
        }
        return null;
    }

    private static String firstOf(Accuracy accuracy, Cost cost) {
        if (accuracy != null) {
            for (String metric : Accuracy.METRICS) {
                List<Double> values = accuracy.documentValues(metric);
                if (values != null) {
                    for (int d = 0; d < values.size(); d++) {
                        if (notFinite(values.get(d))) {
                            return describe("accuracy", metric + " is " + values.get(d) + " (document " + d + ")");
                        }
                    }
                }
                Double mean = accuracy.value(metric);
                if (notFinite(mean)) {
                    return describe("accuracy", metric + " is " + mean);
                }
            }
        }
        if (cost != null) {
            Map<String, Double> figures = new java.util.LinkedHashMap<>();
            figures.put("latencyMsMedian", cost.latencyMsMedian());
            figures.put("latencyMsP10", cost.latencyMsP10());
            figures.put("latencyMsP90", cost.latencyMsP90());
            figures.put("tokensPerSecond", cost.tokensPerSecond());
            figures.put("referenceLatencyMsMedian", cost.referenceLatencyMsMedian());
            figures.put("latencyRatioToReference", cost.latencyRatioToReference());
            figures.put("attentionGflopsPerSecond", cost.attentionGflopsPerSecond());
            figures.put("prefillMsMedian", cost.prefillMsMedian());
            figures.put("decodeMsPerTokenMedian", cost.decodeMsPerTokenMedian());
            figures.put("referencePrefillMsMedian", cost.referencePrefillMsMedian());
            figures.put("referenceDecodeMsPerTokenMedian", cost.referenceDecodeMsPerTokenMedian());
            for (Map.Entry<String, Double> f : figures.entrySet()) {
                if (notFinite(f.getValue())) {
                    return describe("cost", f.getKey() + " is " + f.getValue());
                }
            }
            Map<String, List<Double>> samples = new java.util.LinkedHashMap<>();
            samples.put("latencySamplesMs", cost.latencySamplesMs());
            samples.put("referenceSamplesMs", cost.referenceSamplesMs());
            samples.put("decodeSamplesMsPerToken", cost.decodeSamplesMsPerToken());
            samples.put("referenceDecodeSamplesMsPerToken", cost.referenceDecodeSamplesMsPerToken());
            for (Map.Entry<String, List<Double>> s : samples.entrySet()) {
                for (Double v : s.getValue() == null ? List.<Double>of() : s.getValue()) {
                    if (notFinite(v)) {
                        return describe("cost", s.getKey() + " holds " + v);
                    }
                }
            }
        }
        return null;
    }

    private static boolean notFinite(Double v) {
        return v != null && !Double.isFinite(v);
    }

    private static String describe(String group, String what) {
        return "non-finite " + group + ": " + what + " (the variant's output holds NaN or infinity)";
    }
}
