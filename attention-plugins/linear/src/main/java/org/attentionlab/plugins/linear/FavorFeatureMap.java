package org.attentionlab.plugins.linear;

import org.attentionlab.core.tensor.RowMatrixKernels;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * Performer's FAVOR+ positive random features for the softmax kernel exp(q.k / sqrt(dHead)):
 * x is first scaled by dHead^(-1/4) (so that x'.y' = x.y / sqrt(dHead)), then
 * phi(x)_r = exp(w_r.x' - |x'|^2 / 2) / sqrt(m), whose expected dot product is exp(x'.y').
 * The row's largest exponent is subtracted before exp and returned as the shift (with the constant
 * -|x'|^2/2 - ln sqrt(m), which needs no exp at all), so no feature overflows; rows of W are
 * {@link OrthogonalRandomFeatures orthogonal random features}.
 */
final class FavorFeatureMap implements FeatureMap {

    private final float[] weightsTransposed; // W^T, dHead x m: the projection is a vector-matrix product
    private final int features;
    private final int dHead;
    private final float inputScale;
    private final float logNorm;

    FavorFeatureMap(int features, int dHead, long seed) {
        float[] w = OrthogonalRandomFeatures.generate(features, dHead, seed);
        this.weightsTransposed = new float[features * dHead];
        RowMatrixKernels.transposeRows(w, 0, features, dHead, weightsTransposed, features);
        this.features = features;
        this.dHead = dHead;
        this.inputScale = (float) Math.pow(dHead, -0.25);
        this.logNorm = (float) (0.5 * Math.log(features));
    }

    /** W, {@code m x dHead} row-major (tests rebuild phi from it independently). */
    float[] weights() {
        float[] w = new float[features * dHead];
        RowMatrixKernels.transposeRows(weightsTransposed, 0, dHead, features, w, dHead);
        return w;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public float apply(float[] x, int offset, float[] out) {
        float halfNorm = 0.5f * VectorKernels.dot(x, offset, x, offset, dHead) * inputScale * inputScale;
        RowMatrixKernels.rowTimesMatrix(x, offset, dHead, weightsTransposed, 0, features, features, out, 0, false);
        float max = VectorKernels.max(out, 0, features);
        // out_r = exp(s (p_r - max)) = phi_r / exp(s max - |x'|^2/2 - ln sqrt(m)),  s = dHead^(-1/4)
        VectorKernels.expShifted(out, 0, features, max, inputScale);
        return max * inputScale - halfNorm - logNorm;
    }

    @Override
    public long flopsPerRow() {
        // |x|^2, the projection W x (2 flops per multiply-add each), then max, subtract+scale, exp per feature.
        return 2L * dHead + 2L * features * dHead + 4L * features;
    }
}
