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
 * @param attentionGflopsPerSecond achieved attention GFLOP/s: analytic attention FLOPs / median attention time. In a
 *                                 {@code kind: kernel} run that is the median latency (attention alone); in a model
 *                                 run, the median over the timed forwards of the attention stages' own time inside
 *                                 each forward (summed over layers; before issue 23 it was the whole forward's
 *                                 latency, a lower bound). Null in results written before this field existed
 * @param latencySamplesMs         every timed variant forward (ms), in the order measured: what {@code compare}
 *                                 tests; null in runs made before schema 2
 * @param referenceSamplesMs       the reference forward timed beside each of them (same repetition, same index)
 * @param decode                   KV-cache decoding of a causal language model ({@code decode: { tokens: T }}); null
 *                                 otherwise
 * @param keysPerQuery             the keys each query attends to, mean and max (null in results written before it was)
 */
public record Cost(Double latencyMsMedian, Double latencyMsP10, Double latencyMsP90, Double tokensPerSecond,
                   Double referenceLatencyMsMedian, Double latencyRatioToReference, Long attentionFlops,
                   Long attentionScratchBytes, Long allocatedBytesPerForward, Double attentionGflopsPerSecond,
                   List<Double> latencySamplesMs, List<Double> referenceSamplesMs, Double prefillMsMedian,
                   Double decodeMsPerTokenMedian, Long kvCacheBytes, Double referencePrefillMsMedian,
                   Double referenceDecodeMsPerTokenMedian, List<Double> decodeSamplesMsPerToken,
                   List<Double> referenceDecodeSamplesMsPerToken, KeysPerQuery keysPerQuery) {

    /** A cost with samples, without decoding or keys per query. */
    public Cost(Double latencyMsMedian, Double latencyMsP10, Double latencyMsP90, Double tokensPerSecond,
                Double referenceLatencyMsMedian, Double latencyRatioToReference, Long attentionFlops,
                Long attentionScratchBytes, Long allocatedBytesPerForward, Double attentionGflopsPerSecond,
                List<Double> latencySamplesMs, List<Double> referenceSamplesMs) {
        this(latencyMsMedian, latencyMsP10, latencyMsP90, tokensPerSecond, referenceLatencyMsMedian, latencyRatioToReference,
                attentionFlops, attentionScratchBytes, allocatedBytesPerForward, attentionGflopsPerSecond, latencySamplesMs,
                referenceSamplesMs, null, null, null, null, null, null, null, null);
    }

    /** This cost with the keys each query attends to. */
    public Cost withKeysPerQuery(KeysPerQuery keys) {
        return new Cost(latencyMsMedian, latencyMsP10, latencyMsP90, tokensPerSecond, referenceLatencyMsMedian, latencyRatioToReference,
                attentionFlops, attentionScratchBytes, allocatedBytesPerForward, attentionGflopsPerSecond, latencySamplesMs,
                referenceSamplesMs, prefillMsMedian, decodeMsPerTokenMedian, kvCacheBytes, referencePrefillMsMedian,
                referenceDecodeMsPerTokenMedian, decodeSamplesMsPerToken, referenceDecodeSamplesMsPerToken, keys);
    }

    /** This cost with the decoding figures of {@code decode}. */
    public Cost withDecode(DecodeCost decode) {
        return new Cost(latencyMsMedian, latencyMsP10, latencyMsP90, tokensPerSecond, referenceLatencyMsMedian, latencyRatioToReference,
                attentionFlops, attentionScratchBytes, allocatedBytesPerForward, attentionGflopsPerSecond, latencySamplesMs,
                referenceSamplesMs, decode.prefillMsMedian(), decode.decodeMsPerTokenMedian(), decode.kvCacheBytes(),
                decode.referencePrefillMsMedian(), decode.referenceDecodeMsPerTokenMedian(), decode.decodeSamplesMsPerToken(),
                decode.referenceDecodeSamplesMsPerToken(), keysPerQuery);
    }

    /** Decode ms per token over the reference's (ONNX Runtime with past), or null when either is missing. */
    public Double decodeRatioToReference() {
        return decodeMsPerTokenMedian == null || referenceDecodeMsPerTokenMedian == null || referenceDecodeMsPerTokenMedian <= 0
                ? null : decodeMsPerTokenMedian / referenceDecodeMsPerTokenMedian;
    }

    /**
     * The decoding figures of a cell, timed interleaved with the reference.
     *
     * @param prefillMsMedian                  median ms of the prefill (the document's first n tokens into the KV cache)
     * @param decodeMsPerTokenMedian           median over repetitions of (ms of the T decode steps) / T
     * @param kvCacheBytes                     bytes of keys and values the cache holds after the last step (all layers)
     * @param referencePrefillMsMedian         the reference's prefill; null when the export has no past inputs
     * @param referenceDecodeMsPerTokenMedian  ONNX Runtime with past, ms per token; null without past inputs
     * @param decodeSamplesMsPerToken          every repetition's ms per token, in measuring order
     * @param referenceDecodeSamplesMsPerToken the reference's beside each of them; null without past inputs
     */
    public record DecodeCost(Double prefillMsMedian, Double decodeMsPerTokenMedian, Long kvCacheBytes, Double referencePrefillMsMedian,
                             Double referenceDecodeMsPerTokenMedian, List<Double> decodeSamplesMsPerToken,
                             List<Double> referenceDecodeSamplesMsPerToken) {
    }

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
