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
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        FmaPeak.Result peak = FmaPeak.measure(rounds);
        System.out.printf("Vector API FMA peak, 1 thread, %s: best %.1f GFLOP/s, median %.1f of %d rounds%n",
                VectorInfo.describe(), peak.best(), peak.median(), rounds);
    }
}
