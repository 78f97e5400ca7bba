package org.attentionlab.plugins.nystrom;

/** One head's buffers, allocated once and grown only, reused across forwards. */
final class NystromScratch {

    private static final float[] EMPTY = new float[0];

    float[] queryLandmarks = EMPTY;   // m x d
    float[] keyLandmarks = EMPTY;     // m x d
    float[] kernel = EMPTY;           // A = softmax(Q~ K~^T), m x m
    float[] z = EMPTY;                // pinv(A), m x m
    float[] az = EMPTY;               // A Z, m x m
    float[] p = EMPTY;                // m x m temporaries of the iteration
    float[] t = EMPTY;
    float[] landmarkValues = EMPTY;   // softmax(Q~ K^T) V, m x d
    float[] mixedValues = EMPTY;      // pinv(A) softmax(Q~ K^T) V, m x d
    float[] keyRow = EMPTY;           // one row of n scores
    float[] landmarkRow = EMPTY;      // one row of m scores

    /** Floats one head holds for the Nyström path; the cost model's scratch term. */
    static long nystromFloats(long n, long m, long d) {
        return 4 * m * d + 5 * m * m + n + m;
    }

    void ensureNystrom(int n, int m, int d) {
        queryLandmarks = grow(queryLandmarks, m * d);
        keyLandmarks = grow(keyLandmarks, m * d);
        kernel = grow(kernel, m * m);
        z = grow(z, m * m);
        az = grow(az, m * m);
        p = grow(p, m * m);
        t = grow(t, m * m);
        landmarkValues = grow(landmarkValues, m * d);
        mixedValues = grow(mixedValues, m * d);
        keyRow = grow(keyRow, n);
        landmarkRow = grow(landmarkRow, m);
    }

    void ensureExact(int n) {
        keyRow = grow(keyRow, n);
    }

    long bytes() {
        long floats = (long) queryLandmarks.length + keyLandmarks.length + kernel.length + z.length + az.length
                + p.length + t.length + landmarkValues.length + mixedValues.length + keyRow.length + landmarkRow.length;
        return floats * Float.BYTES;
    }

    private static float[] grow(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }
}
