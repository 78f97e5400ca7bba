package org.attentionlab.runners.config;

/**
 * How cost is measured.
 *
 * @param warmup      untimed forwards before timing
 * @param repetitions timed forwards per document
 * @param threads     kernel threads for the Java model and intra-op threads for ONNX Runtime
 * @param fitFrom     the smallest context size the scaling exponent is fitted over (default: the smallest
 *                    in the sweep); below it fixed per-call costs can hide how the algorithm grows
 */
public record MeasureSpec(Integer warmup, Integer repetitions, Integer threads, Integer fitFrom) {

    public MeasureSpec(Integer warmup, Integer repetitions, Integer threads) {
        this(warmup, repetitions, threads, null);
    }

    public static MeasureSpec defaults() {
        return new MeasureSpec(2, 5, 1);
    }
}
