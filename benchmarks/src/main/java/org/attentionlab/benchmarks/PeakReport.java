package org.attentionlab.benchmarks;

import org.attentionlab.core.tensor.VectorInfo;

/**
 * Prints one core's Vector API FMA peak ({@link FmaPeak}): the ceiling every kernel figure in BENCHMARKS.md
 * is given as a share of. Run with {@code benchmarks/run peak [rounds]} (default 15).
 */
public final class PeakReport {

    private PeakReport() {
    }

    /**
     * Prints the best and the median round in GFLOP/s, one thread.
     *
     * @param args {@code [rounds]}, default 15
     */
    public static void main(String[] args) {
        int rounds = 15;
        if (args.length > 0) {
            if (!args[0].matches("[1-9][0-9]{0,5}")) {
                System.err.println("peak: rounds must be a whole number from 1 to 999999, got '" + args[0] + "'");
                System.exit(2);
            }
            rounds = Integer.parseInt(args[0]);
        }
        FmaPeak.Result peak = FmaPeak.measure(rounds);
        System.out.printf("Vector API FMA peak, 1 thread, %s, %d rounds: by CPU time best %.1f GFLOP/s, median %.1f;"
                        + " by wall clock best %.1f, median %.1f%n", VectorInfo.describe(), rounds, peak.cpuBest(),
                peak.cpuMedian(), peak.best(), peak.median());
    }
}
