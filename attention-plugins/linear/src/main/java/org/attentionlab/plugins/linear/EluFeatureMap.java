package org.attentionlab.plugins.linear;

import org.attentionlab.core.tensor.LinearAttentionKernels;

/** phi(x) = elu(x) + 1 elementwise (Katharopoulos et al. 2020): positive, m = dHead. */
final class EluFeatureMap implements FeatureMap {

    private final int dHead;

    EluFeatureMap(int dHead) {
        this.dHead = dHead;
    }

    @Override
    public int features() {
        return dHead;
    }

    @Override
    public float apply(float[] x, int offset, float[] out) {
        LinearAttentionKernels.eluPlusOne(x, offset, out, 0, dHead);
        return 0f;
    }

    @Override
    public long flopsPerRow() {
        return 2L * dHead;
    }
}
