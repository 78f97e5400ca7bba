package org.attentionlab.core.mask;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), spelled out so the random blocks of a seed are the same on every JDK.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed, long stream) {
        this.state = mix(seed * 0x9E3779B97F4A7C15L + stream);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)} by the multiply-shift of the top 32 bits (bias below 2^-32 * bound). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
