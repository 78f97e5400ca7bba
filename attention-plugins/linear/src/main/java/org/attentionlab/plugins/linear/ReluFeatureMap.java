package org.attentionlab.plugins.linear;

import org.attentionlab.core.tensor.LinearAttentionKernels;

/**
 * phi(x) = max(x, 0) elementwise, m = dHead. Unlike elu+1 it can be zero for every key a query sees; the
 * attention then outputs a zero row instead of dividing by zero.
 */
final class ReluFeatureMap implements FeatureMap {

    private final int dHead;

    ReluFeatureMap(int dHead) {
        this.dHead = dHead;
    }

    @Override
    public int features() {
        return dHead;
    }

    @Override
    public float apply(float[] x, int offset, float[] out) {
        LinearAttentionKernels.relu(x, offset, out, 0, dHead);
        return 0f;
    }

    @Override
    public long flopsPerRow() {
        return dHead;
    }
}
