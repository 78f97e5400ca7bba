package org.attentionlab.core.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector basics and the softmax, vectorised with {@code jdk.incubator.vector} at the machine's preferred width:
 * dot products, axpy, scaling, row maxima, the shifted exponential and the in-place softmax that every
 * attention plugin uses for its weights. Arrays are {@code float[]} with an offset; each kernel touches only
 * the range it is given and allocates nothing. Stateless and thread-safe; {@link ScalarAttentionKernels}
 * holds the plain-loop twin of each method, and KernelPairsTest checks that every pair agrees.
 */
public final class VectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /** Lanes of one vector on this machine (16 with AVX-512, 8 with AVX2). */
    public static int lanes() {
        return L;
    }

    /** {@code sum_c a[ao + c] * b[bo + c]} for {@code c < len}. */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int c = 0;
        for (; c + 2 * L <= len; c += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + c + L).fma(FloatVector.fromArray(S, b, bo + c + L), acc1);
        }
        if (c + L <= len) {
            acc0 = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc0);
            c += L;
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < len; c++) {
            sum += a[ao + c] * b[bo + c];
        }
        return sum;
    }

    /** {@code y[yo + c] += alpha * x[xo + c]} for {@code c < len}. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int c = 0;
        for (; c + L <= len; c += L) {
            FloatVector.fromArray(S, x, xo + c).fma(a, FloatVector.fromArray(S, y, yo + c)).intoArray(y, yo + c);
        }
        for (; c < len; c++) {
            y[yo + c] += alpha * x[xo + c];
        }
    }

    /** {@code x[off + c] *= factor} for {@code c < len}. */
    public static void scale(float[] x, int off, int len, float factor) {
        int c = 0;
        for (; c + L <= len; c += L) {
            FloatVector.fromArray(S, x, off + c).mul(factor).intoArray(x, off + c);
        }
        for (; c < len; c++) {
            x[off + c] *= factor;
        }
    }

    /** The largest of {@code x[off .. off + len)}; negative infinity when {@code len == 0}. */
    public static float max(float[] x, int off, int len) {
        // four independent chains: one max per vector would wait on the previous one's latency
        FloatVector a0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int c = 0;
        for (; c + 4 * L <= len; c += 4 * L) {
            a0 = a0.max(FloatVector.fromArray(S, x, off + c));
            a1 = a1.max(FloatVector.fromArray(S, x, off + c + L));
            a2 = a2.max(FloatVector.fromArray(S, x, off + c + 2 * L));
            a3 = a3.max(FloatVector.fromArray(S, x, off + c + 3 * L));
        }
        for (; c + L <= len; c += L) {
            a0 = a0.max(FloatVector.fromArray(S, x, off + c));
        }
        float max = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        for (; c < len; c++) {
            max = Math.max(max, x[off + c]);
        }
        return max;
    }

    /**
     * In place {@code x = exp((x - shift) * scale)} over {@code x[off .. off + len)}; returns the sum of the
     * results. Negative infinity (a masked score) becomes 0. The vector lanes use {@link VectorExp}'s
     * inline exp (within 2 ulps for arguments in [-87.3, 88]; 0 below, +infinity above), the tail
     * {@link Math#exp}.
     */
    public static float expShifted(float[] x, int off, int len, float shift, float scale) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (; c + L <= len; c += L) {
            FloatVector a = FloatVector.fromArray(S, x, off + c).sub(shift).mul(scale);
            // e^a, spelled out here (see VectorExp): a helper taking a vector would box it whenever C2 does not inline it
            FloatVector t = a.fma(VectorExp.LOG2E, VectorExp.ROUNDER);
            FloatVector n = t.sub(VectorExp.ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(S, -VectorExp.LN2_HI), a);
            r = n.fma(FloatVector.broadcast(S, -VectorExp.LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, VectorExp.E4).fma(r, FloatVector.broadcast(S, VectorExp.E3));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E2));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E1));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E0));
            p = p.fma(r.mul(r), r.add(1f));
            FloatVector e = p.mul(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(VectorExp.BIAS).reinterpretAsFloats())
                    .blend(0f, a.compare(VectorOperators.LT, VectorExp.MIN))
                    .blend(Float.POSITIVE_INFINITY, a.compare(VectorOperators.GT, VectorExp.MAX));
            e.intoArray(x, off + c);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; c < len; c++) {
            float e = (float) Math.exp((x[off + c] - shift) * scale);
            x[off + c] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * In place softmax of the scaled scores {@code s * scale} over {@code s[off .. off + len)}; negative
     * infinity marks a hidden key. Returns false, with the row zeroed, when every key is hidden.
     */
    public static boolean softmax(float[] s, int off, int len, float scale) {
        float max = max(s, off, len);
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(s, off, off + len, 0f);
            return false;
        }
        float sum = expShifted(s, off, len, max, scale);
        scale(s, off, len, 1f / sum);
        return true;
    }
}
