package org.attentionlab.runners.execute;

import java.util.Arrays;
import java.util.List;
import org.attentionlab.runners.metrics.Stats;
import org.attentionlab.runners.results.Cost;

/**
 * Timed KV-cache decodings of a variant and of its reference, in alternation like {@link LatencySamples}: per
 * repetition, one document's prefill of n tokens, then its next T tokens one step at a time (teacher-forced).
 * Kept: the prefill's milliseconds, the steps' milliseconds per token, and the variant's cache after the last step.
 */
final class DecodeSamples {

    private final int tokens;
    private final double[] prefillMs;
    private final double[] perTokenMs;
    private final double[] referencePrefillMs;
    private final double[] referencePerTokenMs;
    private long kvCacheBytes;
    private int count;
    private boolean referenceTimed;

    DecodeSamples(int repetitions, int tokens) {
        this.tokens = tokens;
        prefillMs = new double[repetitions];
        perTokenMs = new double[repetitions];
        referencePrefillMs = new double[repetitions];
        referencePerTokenMs = new double[repetitions];
    }

    /** One untimed decoding (warm-up). */
    void untimed(CausalLm.Decoder side, int[] doc, int n) {
        decode(side, doc, n, new double[2]);
    }

    /**
     * Times the variant's decoding of {@code doc} and, when {@code reference} is not null, the reference's; which goes
     * first alternates.
     */
    void measure(CausalLm.Decoder variant, CausalLm.Decoder reference, int[] doc, int n) {
        double[] v = new double[2];
        double[] r = new double[2];
        boolean referenceFirst = count % 2 == 1;
        if (reference != null && referenceFirst) {
            decode(reference, doc, n, r);
        }
        kvCacheBytes = decode(variant, doc, n, v);
        if (reference != null && !referenceFirst) {
            decode(reference, doc, n, r);
        }
        prefillMs[count] = v[0];
        perTokenMs[count] = v[1];
        referencePrefillMs[count] = r[0];
        referencePerTokenMs[count] = r[1];
        referenceTimed = reference != null;
        count++;
    }

    /** Prefill ms into {@code ms[0]}, ms per decoded token into {@code ms[1]}; returns the cache bytes after the last step. */
    private long decode(CausalLm.Decoder side, int[] doc, int n, double[] ms) {
        try (CausalLm.Session session = side.startDecode(n + tokens)) {
            int[] prompt = Arrays.copyOf(doc, n);
            long t0 = System.nanoTime();
            session.prefill(prompt);
            long t1 = System.nanoTime();
            for (int t = 0; t < tokens; t++) {
                session.step(doc[n + t]);
            }
            long t2 = System.nanoTime();
            ms[0] = (t1 - t0) / 1e6;
            ms[1] = (t2 - t1) / 1e6 / tokens;
            return session.kvCacheBytes();
        }
    }

    /** Medians and the per-token samples in measuring order; the reference's null when it was not timed. */
    Cost.DecodeCost cost() {
        double[] prefill = Arrays.copyOf(prefillMs, count);
        double[] perToken = Arrays.copyOf(perTokenMs, count);
        return new Cost.DecodeCost(Stats.median(prefill), Stats.median(perToken), kvCacheBytes,
                referenceTimed ? Stats.median(Arrays.copyOf(referencePrefillMs, count)) : null,
                referenceTimed ? Stats.median(Arrays.copyOf(referencePerTokenMs, count)) : null, list(perToken),
                referenceTimed ? list(Arrays.copyOf(referencePerTokenMs, count)) : null);
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
