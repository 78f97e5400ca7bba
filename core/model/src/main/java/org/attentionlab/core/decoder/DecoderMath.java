package org.attentionlab.core.decoder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The decoder's element-wise kernels that core-api does not have: RMSNorm, gelu_new (tanh form), SwiGLU's
 * {@code silu(gate) * up}, the residual add and the rotary rotation. Float arithmetic in the order the
 * exported graphs compute it, so that ONNX Runtime and the Java decoder round alike.
 */
final class DecoderMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private DecoderMath() {
    }

    /** {@code out[r] = gamma * x[r] / sqrt(mean(x[r]^2) + eps)} for each of {@code rows} rows of {@code width}. */
    static void rmsNorm(float[] x, int rows, int width, float[] gamma, float eps, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double sum = 0;
            for (int c = 0; c < width; c++) {
                float v = x[o + c];
                sum += v * v;
            }
            float meanSquare = (float) (sum / width);
            float inv = 1f / (float) Math.sqrt(meanSquare + eps);
            for (int c = 0; c < width; c++) {
                out[o + c] = gamma[c] * (x[o + c] * inv);
            }
        }
    }

    /** gelu_new in place on {@code x[0 .. count)}: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    static void geluTanh(float[] x, int count) {
        int i = 0;
        int l = S.length();
        for (; i + l <= count; i += l) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            FloatVector t = org.attentionlab.core.tensor.VectorFunctions.onePlusTanh(inner); // the same bits in every JIT tier
            v.mul(0.5f).mul(t).intoArray(x, i);
        }
        for (; i < count; i++) {
            float v = x[i];
            float inner = SQRT_2_OVER_PI * (v + 0.044715f * (v * v * v));
            x[i] = 0.5f * v * (1f + (float) Math.tanh(inner));
        }
    }

    /** The exact GELU in place ({@link org.attentionlab.core.tensor.Gelu}'s vector form). */
    static void geluErf(float[] x, int count) {
        org.attentionlab.core.tensor.Gelu.apply(x, 0, count);
    }

    /**
     * SwiGLU's product in place over rows of the fused gate|up projection: for each row, the first
     * {@code width} values (gate) become {@code silu(gate) * up}, up being the next {@code width}.
     */
    static void siluMul(float[] gateUp, int rows, int width, float[] out) {
        int l = S.length();
        for (int r = 0; r < rows; r++) {
            int g = r * 2 * width;
            int u = g + width;
            int o = r * width;
            int i = 0;
            for (; i + l <= width; i += l) {
                FloatVector z = FloatVector.fromArray(S, gateUp, g + i);
                FloatVector sig = org.attentionlab.core.tensor.VectorFunctions.exp(z.neg()).add(1f); // the same bits in every JIT tier
                z.div(sig).mul(FloatVector.fromArray(S, gateUp, u + i)).intoArray(out, o + i);
            }
            for (; i < width; i++) {
                float z = gateUp[g + i];
                out[o + i] = z / (1f + (float) Math.exp(-z)) * gateUp[u + i];
            }
        }
    }

    /** {@code x[i] += y[i]} for {@code i < count}. */
    static void addInPlace(float[] x, float[] y, int count) {
        int i = 0;
        int l = S.length();
        for (; i + l <= count; i += l) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(x, i);
        }
        for (; i < count; i++) {
            x[i] += y[i];
        }
    }

    /**
     * Rotates one head row in rotate_half form: {@code x1' = x1 cos - x2 sin}, {@code x2' = x2 cos + x1 sin} for the
     * pairs {@code (x[i], x[i + half])}, with {@code cos[i]}, {@code sin[i]} the position's values.
     */
    static void rotate(float[] x, int off, int half, float[] cos, float[] sin, int trigOff) {
        // x * cos + rotate_half(x) * sin, with cos/sin of dHead values per position (both halves read, so a table
        // whose halves differ rotates as the export does)
        for (int i = 0; i < half; i++) {
            float x1 = x[off + i];
            float x2 = x[off + half + i];
            x[off + i] = x1 * cos[trigOff + i] + (-x2) * sin[trigOff + i];
            x[off + half + i] = x2 * cos[trigOff + half + i] + x1 * sin[trigOff + half + i];
        }
    }
}
