package org.attentionlab.runners.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Scaling;

/** Fits latency ~ n^k per variant and finds where each becomes cheaper than the baseline. */
public final class ScalingAnalysis {

    private ScalingAnalysis() {
    }

    /**
     * @param cells         the run's cells (failed ones are skipped)
     * @param baselineLabel the label of full attention in this run, or null when there is none
     * @param fitFrom       the smallest context size the exponent is fitted over
     */
    public static List<Scaling> analyse(List<Cell> cells, String baselineLabel, int fitFrom) {
        Map<String, TreeMap<Integer, Double>> latency = latencyByLabel(cells);
        TreeMap<Integer, Double> baseline = baselineLabel == null ? null : latency.get(baselineLabel);
        List<Scaling> result = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Double>> e : latency.entrySet()) {
            TreeMap<Integer, Double> series = e.getValue();
            var fitted = series.tailMap(fitFrom, true);
            double[] x = fitted.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = fitted.values().stream().mapToDouble(Double::doubleValue).toArray();
            Double exponent = x.length < 2 ? null : Stats.logLogSlope(x, y);
            if (baseline == null || e.getKey().equals(baselineLabel)) {
                result.add(new Scaling(e.getKey(), exponent, null, baseline == null ? "no full-attention baseline in the sweep" : "baseline"));
            } else {
                result.add(crossover(e.getKey(), exponent, series, baseline));
            }
        }
        return result;
    }

    private static Map<String, TreeMap<Integer, Double>> latencyByLabel(List<Cell> cells) {
        Map<String, TreeMap<Integer, Double>> latency = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (c.ok() && c.cost() != null && c.cost().latencyMsMedian() != null) {
                latency.computeIfAbsent(c.label(), k -> new TreeMap<>()).put(c.contextSize(), c.cost().latencyMsMedian());
            }
        }
        return latency;
    }

    /**
     * The smallest n from which the variant stays cheaper than the baseline, interpolated on log-log
     * between the last size where it was not and the first where it is.
     */
    static Scaling crossover(String label, Double exponent, TreeMap<Integer, Double> variant, TreeMap<Integer, Double> baseline) {
        List<Integer> sizes = new ArrayList<>();
        List<Double> logRatio = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : variant.entrySet()) {
            Double base = baseline.get(e.getKey());
            if (base != null && base > 0 && e.getValue() > 0) {
                sizes.add(e.getKey());
                logRatio.add(Math.log(e.getValue() / base));
            }
        }
        if (sizes.isEmpty()) {
            return new Scaling(label, exponent, null, "no size shared with the baseline");
        }
        int first = sizes.size();
        while (first > 0 && logRatio.get(first - 1) < 0) {
            first--;
        }
        int largest = sizes.get(sizes.size() - 1);
        if (first == sizes.size()) {
            return new Scaling(label, exponent, null, "never cheaper up to n = " + largest);
        }
        if (first == 0) {
            return new Scaling(label, exponent, (double) sizes.get(0), "cheaper at every size from n = " + sizes.get(0));
        }
        double x0 = Math.log(sizes.get(first - 1));
        double x1 = Math.log(sizes.get(first));
        double y0 = logRatio.get(first - 1);
        double y1 = logRatio.get(first);
        double n = Math.exp(x0 + (0 - y0) * (x1 - x0) / (y1 - y0));
        return new Scaling(label, exponent, n, String.format(Locale.ROOT, "cheaper from n ~ %.0f", n));
    }
}
