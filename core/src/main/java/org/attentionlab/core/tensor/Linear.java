package org.attentionlab.core.tensor;

/**
 * A dense layer {@code y = x W + b} with {@code W} of shape {@code in x out} (the layout of an ONNX
 * MatMul initializer). Weights are kept as loaded; the fast path may repack them once here.
 */
public final class Linear {

    private final float[] weight;
    private final float[] bias;
    private final int in;
    private final int out;

    /**
     * @param weight {@code in x out} row-major
     * @param bias   {@code out} values, or null for none
     */
    public Linear(float[] weight, int in, int out, float[] bias) {
        if (weight.length != (long) in * out) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + in + " x " + out);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, expected " + out);
        }
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /** {@code y[rows x out] = x[rows x in] W + b}; {@code y} is overwritten. */
    public void forward(float[] x, int rows, float[] y) {
        Parallel.forRange(rows, r -> {
            int yo = r * out;
            if (bias != null) {
                System.arraycopy(bias, 0, y, yo, out);
            } else {
                java.util.Arrays.fill(y, yo, yo + out, 0f);
            }
            int xo = r * in;
            for (int i = 0; i < in; i++) {
                float a = x[xo + i];
                int wo = i * out;
                for (int o = 0; o < out; o++) {
                    y[yo + o] += a * weight[wo + o];
                }
            }
        });
    }
}
