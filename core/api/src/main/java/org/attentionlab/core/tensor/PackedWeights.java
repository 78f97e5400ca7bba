package org.attentionlab.core.tensor;

/**
 * A weight matrix {@code W[in x out]} repacked once for {@link Gemm}: column panels {@link GemmKernels#NR}
 * wide, each stored contiguously along {@code in} ({@code panel p, row k} holds
 * {@code W[k, p*NR .. p*NR+NR-1]}), so a micro-kernel streams one panel front to back with aligned-stride
 * vector loads. The last panel and the bias are zero-padded to the full width, so kernels never need a
 * masked load.
 */
final class PackedWeights {

    final int in;
    final int out;
    final int panels;
    /** {@code panels x in x NR}. */
    final float[] data;
    /** {@code panels x NR}, or null for no bias. */
    final float[] bias;

    PackedWeights(float[] weight, int in, int out, float[] bias) {
        int nr = GemmKernels.NR;
        this.in = in;
        this.out = out;
        this.panels = (out + nr - 1) / nr;
        long size = (long) panels * in * nr;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("weight matrix " + in + " x " + out + " is too large to pack");
        }
        this.data = new float[(int) size];
        for (int p = 0; p < panels; p++) {
            int col0 = p * nr;
            int width = Math.min(nr, out - col0);
            for (int k = 0; k < in; k++) {
                System.arraycopy(weight, k * out + col0, data, (p * in + k) * nr, width);
            }
        }
        if (bias == null) {
            this.bias = null;
        } else {
            this.bias = new float[panels * nr];
            System.arraycopy(bias, 0, this.bias, 0, out);
        }
    }

    /** Offset of panel {@code p} in {@link #data}. */
    int panelOffset(int p) {
        return p * in * GemmKernels.NR;
    }
}
