package org.attentionlab.runners.compare;

/**
 * How {@code compare} decides.
 *
 * @param tolerances     tolerances and the latency test's alpha
 * @param bootstrapSeed  seed of the accuracy intervals' resampling (printed with the results)
 * @param resamples      bootstrap resamples per interval
 * @param legacy         the old rule for runs without samples: accuracy means and the median latency ratio
 *                       against the tolerances, no interval and no test
 */
public record ComparisonSettings(Tolerances tolerances, long bootstrapSeed, int resamples, boolean legacy) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_RESAMPLES = 10_000;

    public static ComparisonSettings defaults() {
        return new ComparisonSettings(Tolerances.defaults(), DEFAULT_SEED, DEFAULT_RESAMPLES, false);
    }

    /** One line for the output's header: the rules and the seed, so an interval can be reproduced. */
    public String describe() {
        if (legacy) {
            return "legacy rule (--legacy): accuracy means and median latency ratios against the tolerances, no interval or test; "
                    + "latency tolerance " + Math.round(tolerances.latency() * 1000) / 10.0 + "%";
        }
        return "accuracy: bootstrap 95% interval of paired per-document differences (" + resamples + " resamples, seed "
                + bootstrapSeed + ") beyond the tolerance; " + tolerances.latencyRule();
    }
}
