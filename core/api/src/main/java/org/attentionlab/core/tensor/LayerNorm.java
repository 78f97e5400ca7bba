package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the
 * biased variance, as BERT (and ONNX's LayerNormalization) define it. Vectorised, in float: the mean in a
 * first pass, the variance from the deviations in a second (no {@code E[x^2] - mean^2} cancellation), the
 * output in a third; a row of the encoder (384 floats) stays in L1 throughout. Summing 384 floats in 16
 * lanes and two accumulators keeps the relative error of the sums near 1e-7, far below what the model
 * output can show (see LayerNormTest for the bound against a double oracle).
 */
public final class LayerNorm {

    private static final VectorSpecies<Float> S = VectorInfo.SPECIES;
    private static final int L = S.length();

    private LayerNorm() {
    }

    /**
     * Normalises {@code rows} rows of {@code width} values (row-major) from {@code x} into {@code out};
     * {@code out} may be {@code x}. Rows are split over {@link Parallel}'s threads.
     *
     * @param gamma per-column scale, {@code width} values
     * @param beta  per-column shift, {@code width} values
     * @param eps   added to the variance before the square root (BERT: 1e-12)
     * @throws IllegalArgumentException when gamma or beta does not hold {@code width} values
     */
    public static void apply(float[] x, int rows, int width, float[] gamma, float[] beta, float eps, float[] out) {
        checkParams(width, gamma, beta);
        Parallel.forRange(rows, r -> normaliseRow(x, r * width, width, gamma, beta, eps, out));
    }

    /**
     * The residual connection and the norm after it, in one sweep: {@code out = LayerNorm(x + residual)}.
     * {@code x} is left holding {@code x + residual}; {@code out} may be {@code x} or {@code residual}.
     * Shapes and threads as {@link #apply}.
     *
     * @throws IllegalArgumentException when gamma or beta does not hold {@code width} values
     */
    public static void addAndApply(float[] x, float[] residual, int rows, int width, float[] gamma, float[] beta, float eps,
                                   float[] out) {
        checkParams(width, gamma, beta);
        Parallel.forRange(rows, r -> {
            int offset = r * width;
            addInPlace(x, residual, offset, width);
            normaliseRow(x, offset, width, gamma, beta, eps, out);
        });
    }

    private static void checkParams(int width, float[] gamma, float[] beta) {
        if (gamma.length != width || beta.length != width) {
            throw new IllegalArgumentException("gamma/beta have " + gamma.length + "/" + beta.length + " values for width " + width);
        }
    }

    private static void addInPlace(float[] x, float[] residual, int offset, int width) {
        int i = 0;
        for (; i + L <= width; i += L) {
            FloatVector.fromArray(S, x, offset + i).add(FloatVector.fromArray(S, residual, offset + i)).intoArray(x, offset + i);
        }
        for (; i < width; i++) {
            x[offset + i] += residual[offset + i];
        }
    }

    private static void normaliseRow(float[] x, int offset, int width, float[] gamma, float[] beta, float eps, float[] out) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= width; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, offset + i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, offset + i + L));
        }
        for (; i + L <= width; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, offset + i));
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < width; i++) {
            sum += x[offset + i];
        }
        float mean = sum / width;

        acc0 = FloatVector.zero(S);
        acc1 = FloatVector.zero(S);
        i = 0;
        for (; i + 2 * L <= width; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, x, offset + i).sub(mean);
            FloatVector d1 = FloatVector.fromArray(S, x, offset + i + L).sub(mean);
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i + L <= width; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, x, offset + i).sub(mean);
            acc0 = d0.fma(d0, acc0);
        }
        float squares = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < width; i++) {
            float d = x[offset + i] - mean;
            squares += d * d;
        }
        float inv = (float) (1.0 / Math.sqrt((double) squares / width + eps));

        i = 0;
        for (; i + L <= width; i += L) {
            FloatVector.fromArray(S, x, offset + i).sub(mean).mul(inv)
                    .fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i))
                    .intoArray(out, offset + i);
        }
        for (; i < width; i++) {
            out[offset + i] = (x[offset + i] - mean) * inv * gamma[i] + beta[i];
        }
    }
}
