package org.attentionlab.runners.metrics;

/**
 * Compares one document's last hidden state from a variant with the reference's, over the real
 * (unpadded) tokens. Accumulates in double so the comparison adds no error of its own.
 */
public final class HiddenStateComparison {

    private final double tokenCosineMean;
    private final double tokenCosineMin;
    private final double relL2;
    private final double maxAbsError;
    private final float[] variantEmbedding;
    private final float[] referenceEmbedding;

    /**
     * @param variant   n x width row-major
     * @param reference n x width row-major
     * @param tokens    real tokens (the first {@code tokens} rows; padding after them is ignored)
     */
    public HiddenStateComparison(float[] variant, float[] reference, int tokens, int width) {
        if (variant.length < (long) tokens * width || reference.length < (long) tokens * width) {
            throw new IllegalArgumentException("hidden states shorter than " + tokens + " x " + width);
        }
        double cosSum = 0;
        double cosMin = Double.POSITIVE_INFINITY;
        double diffSq = 0;
        double refSq = 0;
        double maxAbs = 0;
        for (int t = 0; t < tokens; t++) {
            int o = t * width;
            double dot = 0;
            double aa = 0;
            double bb = 0;
            for (int c = 0; c < width; c++) {
                double a = variant[o + c];
                double b = reference[o + c];
                dot += a * b;
                aa += a * a;
                bb += b * b;
                double d = a - b;
                diffSq += d * d;
                maxAbs = Math.max(maxAbs, Math.abs(d));
            }
            refSq += bb;
            double cos = cosine(dot, aa, bb);
            cosSum += cos;
            cosMin = Math.min(cosMin, cos);
        }
        this.tokenCosineMean = cosSum / tokens;
        this.tokenCosineMin = cosMin;
        this.relL2 = refSq == 0 ? (diffSq == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diffSq / refSq);
        this.maxAbsError = maxAbs;
        this.variantEmbedding = Embeddings.meanPooledNormalised(variant, tokens, width);
        this.referenceEmbedding = Embeddings.meanPooledNormalised(reference, tokens, width);
    }

    /** Cosine of two vectors from their dot product and squared norms; two zero vectors agree. */
    static double cosine(double dot, double aa, double bb) {
        if (aa == 0 && bb == 0) {
            return 1;
        }
        if (aa == 0 || bb == 0) {
            return 0;
        }
        return dot / Math.sqrt(aa * bb);
    }

    public double tokenCosineMean() {
        return tokenCosineMean;
    }

    public double tokenCosineMin() {
        return tokenCosineMin;
    }

    public double relL2() {
        return relL2;
    }

    public double maxAbsError() {
        return maxAbsError;
    }

    public float[] variantEmbedding() {
        return variantEmbedding;
    }

    public float[] referenceEmbedding() {
        return referenceEmbedding;
    }

    /** Cosine of the two sentence embeddings (both unit length, so their dot product). */
    public double embeddingCosine() {
        return Embeddings.dot(variantEmbedding, referenceEmbedding);
    }
}
