package org.attentionlab.runners.results;

/**
 * How a variant's latency grows with the context: latency ~ n^exponent, fitted on log-log.
 *
 * @param label        the variant
 * @param exponent     least-squares slope of log latency over log n (null with fewer than two sizes)
 * @param crossoverN   the context size from which the variant is cheaper than the baseline (full
 *                     attention), interpolated on log-log; null when it never is within the sweep, or
 *                     already is at the smallest size (see {@code crossover})
 * @param crossover    in words: "cheaper from n ~ 700", "cheaper at every size", "never cheaper up to 16384"
 */
public record Scaling(String label, Double exponent, Double crossoverN, String crossover) {
}
