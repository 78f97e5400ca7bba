package org.attentionlab.core.tensor;

/**
 * The constants of the inline float exp that the vector kernels ({@link VectorKernels#expShifted},
 * {@link Gelu}) spell out in their loops:
 *
 * <pre>
 *   t = x log2(e) + ROUNDER          n = round(x log2 e) now sits in the low bits of t
 *   n = t - ROUNDER                   the same n as a float
 *   r = x - n LN2_HI - n LN2_LO       |r| <= ln2 / 2; n LN2_HI is exact, so r keeps its low bits
 *   e^r = 1 + r + r^2 (E0 + r (E1 + r (E2 + r (E3 + r E4))))
 *   2^n = bits((bits(t) << 23) + BIAS)  the shift drops ROUNDER's own bits and leaves n in the exponent
 *   e^x = e^r 2^n; 0 where x < MIN, +infinity where x > MAX (negative infinity gives 0, NaN stays NaN)
 * </pre>
 *
 * The polynomial is a minimax fit for relative error (3.1e-9) on |r| <= ln2/2; in float the result is
 * within 2 ulps of exp on [MIN, MAX] (KernelPairsTest checks it). Over the softmax's own range, [MIN, 0]
 * (scores shifted by their maximum), every one of the 1.12e9 floats was checked once against
 * {@code Math.exp}: the largest relative error is 1.18e-7 (1.26 ulps, at x = -21.487217); KernelPairsTest
 * asserts at most 2e-7 on a dense sweep, the scalar twin ({@code ScalarAttentionKernels.expShifted}, plain
 * {@code Math.exp}) within the same bound, and the specials: -infinity, -87.4, -1000 and -Float.MAX_VALUE
 * give 0, NaN stays NaN, above MAX +infinity. Below MIN exp is under the
 * smallest normal float, 1.2e-38: as a softmax weight beside the maximum's 1 it is nothing, and for GELU
 * it is far under the error already allowed. About 15 vector operations inline, against an out-of-line
 * call per vector for {@code VectorOperators.EXP}. The sequence is written out in each loop rather than
 * in a helper because a method that takes or returns a vector boxes it whenever C2 does not inline the
 * call, and the encoder's large compiled methods do reach C2's inlining limits.
 */
final class VectorExp {

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts: the first has few bits, so {@code n * LN2_HI} is exact for the n that occur. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low bits. */
    static final float ROUNDER = 12582912f;
    /** The exponent bias, in place. */
    static final int BIAS = 127 << 23;
    /** Below this the result is 0: exp is under the smallest normal float (1.2e-38). */
    static final float MIN = -87.3f;
    /** Above this the result is +infinity (exp overflows float at 88.72; 2^n would need n = 128). */
    static final float MAX = 88f;
    /** e^r = 1 + r + r^2 (E0 + E1 r + E2 r^2 + E3 r^3 + E4 r^4) on |r| <= ln2 / 2. */
    static final float E0 = 4.999999404e-01f;
    static final float E1 = 1.666651964e-01f;
    static final float E2 = 4.166840762e-02f;
    static final float E3 = 8.368914016e-03f;
    static final float E4 = 1.381419017e-03f;

    private VectorExp() {
    }
}
