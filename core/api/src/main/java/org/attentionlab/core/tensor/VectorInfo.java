package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD width the kernels run at on this JVM and CPU. The runner prints it at start-up and records it
 * with the results, because every latency figure depends on it.
 */
public final class VectorInfo {

    /** The species every kernel uses: the widest the JIT supports on this CPU. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorInfo() {
    }

    /** Floats per vector register (16 on AVX-512, 8 on AVX2, 4 on SSE or NEON). */
    public static int floatsPerVector() {
        return SPECIES.length();
    }

    /** For example {@code "AVX-512, 16 floats per vector (FloatVector.SPECIES_512)"}. */
    public static String describe() {
        int bits = SPECIES.vectorBitSize();
        return isa(bits) + ", " + SPECIES.length() + " floats per vector (FloatVector.SPECIES_" + bits + ")";
    }

    private static String isa(int bits) {
        boolean x86 = System.getProperty("os.arch", "").matches("amd64|x86_64|x86|i386");
        if (!x86) {
            return bits + "-bit SIMD";
        }
        return switch (bits) {
            case 512 -> "AVX-512";
            case 256 -> "AVX2";
            case 128 -> "SSE";
            default -> bits + "-bit SIMD";
        };
    }
}
