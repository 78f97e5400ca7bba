package org.attentionlab.core.tensor;

/**
 * A dense layer {@code y = x W + b} with {@code W} of shape {@code in x out} (the layout of an ONNX MatMul
 * initializer). The weights are repacked once, here, into the panels {@link Gemm} streams; the caller's
 * array is not kept. Immutable after construction; {@link #forward} may be called from several threads at
 * once on different outputs (each call then shares the kernel threads as {@link Parallel} allows).
 */
public final class Linear {

    private final PackedWeights packed;

    /**
     * Packs {@code weight} (and copies {@code bias}) for {@link Gemm}.
     *
     * @param weight {@code in x out} row-major
     * @param in     input width, at least 1
     * @param out    output width, at least 1
     * @param bias   {@code out} values, or null for none
     * @throws IllegalArgumentException when a size is below 1, the arrays do not match {@code in x out}, or the
     *                                  packed matrix would exceed one Java array
     */
    public Linear(float[] weight, int in, int out, float[] bias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear needs in >= 1 and out >= 1, got " + in + " x " + out);
        }
        if (weight.length != (long) in * out) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + in + " x " + out);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, expected " + out);
        }
        this.packed = new PackedWeights(weight, in, out, bias);
    }

    /** Input width: the columns of {@code x}, the rows of {@code W}. */
    public int in() {
        return packed.in;
    }

    /** Output width: the columns of {@code W} and of {@code y}. */
    public int out() {
        return packed.out;
    }

    /**
     * {@code y[rows x out] = x[rows x in] W + b}, all row-major, float accumulation; the first
     * {@code rows * out} values of {@code y} are overwritten, the rest untouched; {@code y} must not overlap
     * {@code x}. Uses up to {@link Parallel#threads()} threads and allocates nothing with one thread.
     *
     * @throws IllegalArgumentException when {@code rows < 0} or {@code x} or {@code y} is too short
     */
    public void forward(float[] x, int rows, float[] y) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (x.length < (long) rows * packed.in) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected at least " + rows + " x " + packed.in);
        }
        if (y.length < (long) rows * packed.out) {
            throw new IllegalArgumentException("y has " + y.length + " values, expected at least " + rows + " x " + packed.out);
        }
        Gemm.multiply(x, rows, packed, y);
    }
}
