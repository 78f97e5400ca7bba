package org.attentionlab.runners.results;

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
 */
public record Cost(Double latencyMsMedian, Double latencyMsP10, Double latencyMsP90, Double tokensPerSecond,
                   Double referenceLatencyMsMedian, Double latencyRatioToReference, Long attentionFlops,
                   Long attentionScratchBytes, Long allocatedBytesPerForward) {
}
