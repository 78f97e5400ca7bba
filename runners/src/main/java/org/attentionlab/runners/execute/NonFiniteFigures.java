package org.attentionlab.runners.execute;

import java.util.List;
import java.util.Map;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cost;

/**
 * Finds the first figure of a cell that is not a finite number (NaN, an infinity): such a cell did not measure
 * anything (a variant whose logits overflowed, a forward that produced NaN) and must fail, named, rather than
 * pass as ok with a value JSON cannot hold.
 */
final class NonFiniteFigures {

    private NonFiniteFigures() {
    }

    /** {@code "tokenCosineMean is NaN (document 0)"}, or null when every figure is finite. */
    static String first(Accuracy accuracy, Cost cost) {
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
