package org.attentionlab.plugins.linear;

/**
 * Performer's FAVOR+ positive random features for the softmax kernel exp(q.k / sqrt(dHead)):
 * x is first scaled by dHead^(-1/4) (so that x'.y' = x.y / sqrt(dHead)), then
 * phi(x)_r = exp(w_r.x' - |x'|^2 / 2) / sqrt(m), whose expected dot product is exp(x'.y').
 * The largest exponent of the row is subtracted before exp and returned as the shift, so no feature
 * overflows; rows of W are {@link OrthogonalRandomFeatures orthogonal random features}.
 */
final class FavorFeatureMap implements FeatureMap {

    private final float[] weights;
    private final int features;
    private final int dHead;
    private final float inputScale;
    private final float logNorm;

    FavorFeatureMap(int features, int dHead, long seed) {
        this.weights = OrthogonalRandomFeatures.generate(features, dHead, seed);
        this.features = features;
        this.dHead = dHead;
        this.inputScale = (float) Math.pow(dHead, -0.25);
        this.logNorm = (float) (0.5 * Math.log(features));
    }

    /** W, {@code m x dHead} row-major (tests rebuild phi from it independently). */
    float[] weights() {
        return weights;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public float apply(float[] x, int offset, float[] out) {
        float squared = 0f;
        for (int c = 0; c < dHead; c++) {
            squared += x[offset + c] * x[offset + c];
        }
        float halfNorm = 0.5f * squared * inputScale * inputScale;
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < features; r++) {
            int wr = r * dHead;
            float dot = 0f;
            for (int c = 0; c < dHead; c++) {
                dot += weights[wr + c] * x[offset + c];
            }
            out[r] = dot * inputScale - halfNorm;
            max = Math.max(max, out[r]);
        }
        for (int r = 0; r < features; r++) {
            out[r] = (float) Math.exp(out[r] - max - logNorm);
        }
        return max;
    }

    @Override
    public long flopsPerRow() {
        // |x|^2, the projection W x (2 flops per multiply-add each), then subtract, max, exp per feature.
        return 2L * dHead + 2L * features * dHead + 4L * features;
    }
}
