package org.attentionlab.runners.config;

/**
 * How cost is measured.
 *
 * @param warmup      untimed forwards before timing
 * @param repetitions timed forwards per document
 * @param threads     kernel threads for the Java model and intra-op threads for ONNX Runtime
 */
public record MeasureSpec(Integer warmup, Integer repetitions, Integer threads) {

    public static MeasureSpec defaults() {
        return new MeasureSpec(2, 5, 1);
    }
}
