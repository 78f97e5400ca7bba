package org.attentionlab.core.tensor;

/**
 * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the
 * biased variance, as BERT (and ONNX's LayerNormalization) define it. Mean and variance are accumulated
 * in double so that the only float rounding is the final one.
 */
public final class LayerNorm {

    private LayerNorm() {
    }

    /**
     * Normalises {@code rows} rows of {@code width} values from {@code x} into {@code out}; {@code out}
     * may be {@code x}.
     */
    public static void apply(float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] out) {
        if (gamma.length != width || beta.length != width) {
            throw new IllegalArgumentException("gamma/beta have " + gamma.length + "/" + beta.length + " values for width " + width);
        }
        Parallel.forRange(rows, r -> normaliseRow(x, r * width, width, gamma, beta, eps, out));
    }

    private static void normaliseRow(float[] x, int offset, int width, float[] gamma, float[] beta, float eps, float[] out) {
        double sum = 0;
        for (int i = 0; i < width; i++) {
            sum += x[offset + i];
        }
        double mean = sum / width;
        double squares = 0;
        for (int i = 0; i < width; i++) {
            double d = x[offset + i] - mean;
            squares += d * d;
        }
        double inv = 1.0 / Math.sqrt(squares / width + eps);
        for (int i = 0; i < width; i++) {
            out[offset + i] = (float) ((x[offset + i] - mean) * inv * gamma[i] + beta[i]);
        }
    }
}
