package org.attentionlab.plugins.linear;

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
        for (int c = 0; c < dHead; c++) {
            float value = x[offset + c];
            out[c] = value > 0f ? value + 1f : (float) Math.exp(value);
        }
        return 0f;
    }

    @Override
    public long flopsPerRow() {
        return 2L * dHead;
    }
}
