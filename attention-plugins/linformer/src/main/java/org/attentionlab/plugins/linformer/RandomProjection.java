package org.attentionlab.plugins.linformer;

/**
 * The projection E (k x n) that stands in for Linformer's learned one: {@code E[r][j] = g(seed, j, r) / sqrt(k)} with
 * g a standard Gaussian made by Box-Muller from a SplitMix64 hash of {@code (seed, j, r)} through {@link StrictMath},
 * so it is the same on every JDK and platform. Column j depends on {@code (seed, j)} only: E for n tokens is the
 * first n columns of E for more, so columns are generated once and the cache only grows. Stored transposed
 * (column j contiguous, n x k), the order the E K product reads it in.
 */
final class RandomProjection {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int k;
    private final long seed;
    private float[] columns = new float[0];
    private int generated;

    RandomProjection(int k, long seed) {
        this.k = k;
        this.seed = seed;
    }

    int k() {
        return k;
    }

    /** Entry {@code E[r][j]} for this k and seed. */
    static float entry(long seed, int k, int j, int r) {
        return (float) (gaussian(seed, j, r) / Math.sqrt(k));
    }

    /** E transposed, at least {@code n x k}: {@code columns(n)[j * k + r] = E[r][j]}. Not thread-safe: call before fanning out. */
    float[] columns(int n) {
        if (n > generated) {
            float[] grown = new float[Math.multiplyExact(n, k)];
            System.arraycopy(columns, 0, grown, 0, generated * k);
            for (int j = generated; j < n; j++) {
                for (int r = 0; r < k; r++) {
                    grown[j * k + r] = entry(seed, k, j, r);
                }
            }
            columns = grown;
            generated = n;
        }
        return columns;
    }

    long allocatedBytes() {
        return (long) columns.length * Float.BYTES;
    }

    /** A standard Gaussian for (seed, j, r): Box-Muller over two hashed uniforms. */
    static double gaussian(long seed, int j, int r) {
        long key = mix(mix(seed * GOLDEN + j) + (long) r * GOLDEN);
        double u1 = ((mix(key + GOLDEN) >>> 11) + 1) * 0x1.0p-53; // (0, 1]: the log stays finite
        double u2 = (mix(key + 2 * GOLDEN) >>> 11) * 0x1.0p-53;   // [0, 1)
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    /** The SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
