package org.attentionlab.runners.execute;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.metrics.Stats;

/**
 * Timed forwards of a variant and its reference, taken in alternation so that both see the same machine
 * state (turbo, other load); plus the bytes the measuring thread allocated in each variant forward.
 */
final class LatencySamples {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final double[] variantMs;
    private final double[] referenceMs;
    private final double[] allocated;
    private int count;

    LatencySamples(int repetitions) {
        variantMs = new double[repetitions];
        referenceMs = new double[repetitions];
        allocated = new double[repetitions];
    }

    /**
     * Times one variant forward and one reference forward on the same input. Which goes first alternates,
     * so neither always inherits the other's aftermath (warm caches for the same input, a runtime's
     * threads still winding down).
     */
    void measure(Runnable variant, Runnable reference) {
        boolean referenceFirst = count % 2 == 1;
        if (referenceFirst) {
            referenceMs[count] = time(reference);
        }
        long tid = Thread.currentThread().getId();
        long bytes0 = THREADS.getThreadAllocatedBytes(tid);
        variantMs[count] = time(variant);
        allocated[count] = THREADS.getThreadAllocatedBytes(tid) - bytes0;
        if (!referenceFirst) {
            referenceMs[count] = time(reference);
        }
        count++;
    }

    private static double time(Runnable forward) {
        long t0 = System.nanoTime();
        forward.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    double variantMedian() {
        return Stats.median(variantMs);
    }

    double variantP10() {
        return Stats.percentile(variantMs, 10);
    }

    double variantP90() {
        return Stats.percentile(variantMs, 90);
    }

    double referenceMedian() {
        return Stats.median(referenceMs);
    }

    /**
     * The cell's cost: order statistics of the samples, and the samples themselves in measuring order.
     *
     * @param attentionMsMedian median time of attention alone inside the variant forwards, or null when the variant
     *                          forward is attention alone (a kernel run): what the attention GFLOP/s divide by
     * @param keys              the keys each query attends to (see {@link KeysCounter})
     */
    Cost cost(int n, long flops, long scratchBytes, Double attentionMsMedian, org.attentionlab.runners.results.KeysPerQuery keys) {
        double median = variantMedian();
        double refMedian = referenceMedian();
        return new Cost(median, variantP10(), variantP90(), n / (median / 1000.0), refMedian, median / refMedian, flops,
                scratchBytes, allocatedMedian(), Cost.gflopsPerSecond(flops, attentionMsMedian != null ? attentionMsMedian : median),
                list(variantMs), list(referenceMs)).withKeysPerQuery(keys);
    }

    private List<Double> list(double[] values) {
        return Arrays.stream(values, 0, count).boxed().toList();
    }

    long allocatedMedian() {
        return Math.round(Stats.median(allocated));
    }
}
