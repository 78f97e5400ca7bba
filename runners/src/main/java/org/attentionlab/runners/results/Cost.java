package org.attentionlab.runners.results;

import java.util.List;

/**
 * Cost of one forward pass of one document.
 *
 * @param latencyMsMedian          median latency of the variant (ms) over the timed repetitions
 * @param latencyMsP10             10th percentile
 * @param latencyMsP90             90th percentile
 * @param tokensPerSecond          context size / median latency
 * @param referenceLatencyMsMedian median latency of the reference on the same inputs, measured interleaved
 * @param latencyRatioToReference  variant median / reference median (robust to a slower machine)
 * @param attentionFlops           analytic FLOPs of attention over all layers, from the plugins' cost models
 * @param attentionScratchBytes    analytic peak scratch bytes of one layer's attention (the largest layer)
 * @param allocatedBytesPerForward bytes the measuring thread allocated during one forward (median)
 * @param attentionGflopsPerSecond achieved attention GFLOP/s: analytic attention FLOPs / median latency. In a
 *                                 {@code kind: kernel} run the latency is attention alone, so this is the
 *                                 kernel's efficiency; in a model run it is the whole forward's latency, a
 *                                 lower bound (null in results written before this field existed)
 * @param latencySamplesMs         every timed variant forward (ms), in the order measured: what {@code compare}
 *                                 tests; null in runs made before schema 2
 * @param referenceSamplesMs       the reference forward timed beside each of them (same repetition, same index)
 */
public record Cost(Double latencyMsMedian, Double latencyMsP10, Double latencyMsP90, Double tokensPerSecond,
                   Double referenceLatencyMsMedian, Double latencyRatioToReference, Long attentionFlops,
                   Long attentionScratchBytes, Long allocatedBytesPerForward, Double attentionGflopsPerSecond,
                   List<Double> latencySamplesMs, List<Double> referenceSamplesMs) {

    /** A cost without samples (tests, figures computed elsewhere). */
    public Cost(Double latencyMsMedian, Double latencyMsP10, Double latencyMsP90, Double tokensPerSecond,
                Double referenceLatencyMsMedian, Double latencyRatioToReference, Long attentionFlops,
                Long attentionScratchBytes, Long allocatedBytesPerForward, Double attentionGflopsPerSecond) {
        this(latencyMsMedian, latencyMsP10, latencyMsP90, tokensPerSecond, referenceLatencyMsMedian, latencyRatioToReference,
                attentionFlops, attentionScratchBytes, allocatedBytesPerForward, attentionGflopsPerSecond, null, null);
    }

    /** Analytic FLOPs over a median latency in milliseconds, in GFLOP/s; null when either is missing or zero. */
    public static Double gflopsPerSecond(Long flops, Double latencyMs) {
        return flops == null || latencyMs == null || latencyMs <= 0 ? null : flops / (latencyMs * 1e6);
    }
}
