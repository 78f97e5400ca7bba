package org.attentionlab.runners.metrics;

/** Sentence embeddings as the sentence-transformers models make them: mask-aware mean pooling, L2 normalised. */
public final class Embeddings {

    private Embeddings() {
    }

    /** Mean of the first {@code tokens} rows of {@code hidden} (the real tokens), scaled to unit length. */
    public static float[] meanPooledNormalised(float[] hidden, int tokens, int width) {
        double[] sum = new double[width];
        for (int t = 0; t < tokens; t++) {
            int o = t * width;
            for (int c = 0; c < width; c++) {
                sum[c] += hidden[o + c];
            }
        }
        double norm = 0;
        for (int c = 0; c < width; c++) {
            sum[c] /= tokens;
            norm += sum[c] * sum[c];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[width];
        for (int c = 0; c < width; c++) {
            out[c] = norm == 0 ? 0f : (float) (sum[c] / norm);
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
