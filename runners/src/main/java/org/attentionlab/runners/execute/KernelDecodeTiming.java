package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.runners.metrics.Stats;
import org.attentionlab.runners.results.Cost;

/**
 * KV-cache decoding in a causal kernel sweep: per repetition, a fresh decode state of the variant and of the
 * reference, each prefilled with the cell's n random tokens and then stepped through {@link #STEPS} more
 * random tokens (the same for both), variant and reference alternately, so a window's O(width) step and
 * full attention's O(n) step are timed side by side at every n, and grouped-query attention's smaller cache
 * shows in {@code kvCacheBytes}.
 */
final class KernelDecodeTiming {

    /** Decode steps timed per repetition: enough to average a step's microseconds, few beside the prefill. */
    static final int STEPS = 32;

    private final float[][][] q;
    private final float[][][] k;
    private final float[][][] v;
    private final DecodeShape shape;

    /** The {@link #STEPS} tokens after the prompt, from the sweep's seed and n. */
    KernelDecodeTiming(AttentionInput prompt, int kvHeads, long seed) {
        int heads = prompt.heads();
        int d = prompt.dHead();
        this.shape = new DecodeShape(heads, kvHeads, d, prompt.n() + STEPS);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + prompt.n() + 7);
        q = new float[STEPS][heads][d];
        k = new float[STEPS][kvHeads][d];
        v = new float[STEPS][kvHeads][d];
        for (float[][][] rows : List.of(q, k, v)) {
            for (float[][] step : rows) {
                for (float[] row : step) {
                    for (int c = 0; c < d; c++) {
                        row[c] = (float) KernelWorkload.gaussian(random);
                    }
                }
            }
        }
    }

    /** One variant's prefill and steps against the reference's, {@code repetitions} times, interleaved. */
    Cost.DecodeCost measure(Attention variant, Attention reference, AttentionInput prompt, int repetitions) {
        double[] prefill = new double[repetitions];
        double[] step = new double[repetitions];
        double[] referencePrefill = new double[repetitions];
        double[] referenceStep = new double[repetitions];
        long cacheBytes = 0;
        float[][] out = new float[prompt.heads()][prompt.n() * prompt.dHead()];
        float[][] row = new float[prompt.heads()][prompt.dHead()];
        for (int r = 0; r < repetitions; r++) {
            DecodeState state = variant.startDecode(shape);
            double[] ms = run(state, prompt, out, row);
            prefill[r] = ms[0];
            step[r] = ms[1];
            cacheBytes = state.cacheBytes();
            DecodeState referenceState = reference.startDecode(shape);
            double[] referenceMs = run(referenceState, prompt, out, row);
            referencePrefill[r] = referenceMs[0];
            referenceStep[r] = referenceMs[1];
        }
        return new Cost.DecodeCost(Stats.median(prefill), Stats.median(step), cacheBytes, Stats.median(referencePrefill),
                Stats.median(referenceStep), list(step), list(referenceStep));
    }

    /** [prefill ms, ms per decode step]. */
    private double[] run(DecodeState state, AttentionInput prompt, float[][] out, float[][] row) {
        long t0 = System.nanoTime();
        state.prefill(prompt, out);
        long t1 = System.nanoTime();
        for (int s = 0; s < STEPS; s++) {
            state.step(q[s], k[s], v[s], row);
        }
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6 / STEPS};
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
