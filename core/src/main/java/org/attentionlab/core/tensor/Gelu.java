package org.attentionlab.core.tensor;

/**
 * The exact GELU of BERT's feed-forward layer, {@code 0.5 x (1 + erf(x / sqrt 2))}, evaluated in
 * double and rounded once to float (the ONNX export computes the same formula with an Erf node).
 */
public final class Gelu {

    private static final double INV_SQRT2 = 0.70710678118654752440;

    private Gelu() {
    }

    public static float gelu(float x) {
        double v = x;
        return (float) (0.5 * v * (1.0 + Erf.erf(v * INV_SQRT2)));
    }

    /** Applies GELU in place to {@code rows x width} values. */
    public static void applyInPlace(float[] x, int rows, int width) {
        Parallel.forRange(rows, r -> {
            int from = r * width;
            int to = from + width;
            for (int i = from; i < to; i++) {
                x[i] = gelu(x[i]);
            }
        });
    }
}
