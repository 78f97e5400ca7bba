package org.attentionlab.core.testing;

/** Per-token agreement of two last hidden states ({@code n x hidden} row-major), over the real tokens. */
public record Agreement(double minCosine, double maxAbsDiff, int tokens) {

    /** @param mask true for tokens to compare (null: all) */
    public static Agreement of(float[] actual, float[] expected, int n, int hidden, boolean[] mask) {
        double minCos = Double.POSITIVE_INFINITY;
        double maxAbs = 0;
        int compared = 0;
        for (int i = 0; i < n; i++) {
            if (mask != null && !mask[i]) {
                continue;
            }
            double dot = 0;
            double na = 0;
            double ne = 0;
            for (int c = 0; c < hidden; c++) {
                double a = actual[i * hidden + c];
                double e = expected[i * hidden + c];
                dot += a * e;
                na += a * a;
                ne += e * e;
                maxAbs = Math.max(maxAbs, Math.abs(a - e));
            }
            minCos = Math.min(minCos, dot / Math.sqrt(na * ne));
            compared++;
        }
        return new Agreement(minCos, maxAbs, compared);
    }

    @Override
    public String toString() {
        return String.format("min cosine %.9f (1 - cos = %.2e), max abs diff %.2e over %d tokens", minCosine, 1 - minCosine, maxAbsDiff, tokens);
    }
}
