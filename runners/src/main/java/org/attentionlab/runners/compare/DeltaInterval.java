package org.attentionlab.runners.compare;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.attentionlab.runners.metrics.Stats;

/**
 * The mean of paired per-document differences (current - baseline) with a percentile bootstrap confidence
 * interval: documents are resampled with replacement, so the interval reflects how much the change varies
 * from document to document. Seeded, so the same two runs always give the same interval.
 *
 * @param delta mean difference over documents
 * @param low   lower end of the interval
 * @param high  upper end of the interval
 */
public record DeltaInterval(double delta, double low, double high) {

    /** Confidence of the interval. */
    public static final double CONFIDENCE = 0.95;

    /**
     * @param baseline  per-document values of the baseline
     * @param current   the same documents' values in the current run
     * @param resamples bootstrap resamples
     * @param seed      seed of the resampling
     */
    public static DeltaInterval of(double[] baseline, double[] current, int resamples, long seed) {
        if (baseline.length != current.length || baseline.length == 0) {
            throw new IllegalArgumentException("paired values must have the same, non-zero length: "
                    + baseline.length + " vs " + current.length);
        }
        int docs = baseline.length;
        double[] diff = new double[docs];
        for (int i = 0; i < docs; i++) {
            diff[i] = current[i] - baseline[i];
        }
        double delta = Stats.mean(diff);
        RandomGenerator random = new Well19937c(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < docs; i++) {
                sum += diff[random.nextInt(docs)];
            }
            means[b] = sum / docs;
        }
        Arrays.sort(means);
        double tail = (1 - CONFIDENCE) / 2 * 100;
        // The interval always contains the point estimate: with identical differences every resample equals it.
        double low = Math.min(delta, Stats.percentile(means, tail));
        double high = Math.max(delta, Stats.percentile(means, 100 - tail));
        return new DeltaInterval(delta, low, high);
    }
}
