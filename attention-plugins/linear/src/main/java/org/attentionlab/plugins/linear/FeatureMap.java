package org.attentionlab.plugins.linear;

/**
 * The positive feature map phi of kernelised attention, for one head width. Implementations keep no
 * mutable state, so heads running in parallel share one instance.
 */
interface FeatureMap {

    /** m, the number of features per row. */
    int features();

    /**
     * Writes phi(x) for the row {@code x[offset .. offset + dHead)} into {@code out[0 .. m)}, divided by
     * {@code exp(shift)}, and returns {@code shift}. A map whose values may overflow takes its largest
     * exponent out this way; the caller puts it back or lets it cancel in the normalisation.
     */
    float apply(float[] x, int offset, float[] out);

    /** Floating-point operations of one {@link #apply}, for the cost model. */
    long flopsPerRow();
}
