package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exact GELU of BERT's feed-forward layer, {@code x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))} (the ONNX
 * export computes the same formula with an Erf node), twice: {@link #gelu} in double through Cody's erf,
 * the reference; {@link #applyInPlace}, the hot path, in float with vectors.
 *
 * <p>The hot path writes {@code Phi} through {@code e = erfc(t)}, {@code t = |x| / sqrt 2}: {@code Phi(x) =
 * 1 - e/2} for {@code x >= 0} and {@code e/2} below, so {@code GELU(x) = x - x e/2} or {@code x e/2}, neither
 * with a cancellation. {@code erfc(t) = exp(Q(t))} where {@code Q} is a degree-9 polynomial fitted (minimax,
 * weighted by {@code erfc(t)}, so the absolute error of erfc is what is minimised) to {@code ln erfc(t)} on
 * {@code [0, 4]}: its own error in erfc is 2.2e-9; evaluated in float the absolute error of erfc stays
 * below about 1e-7, which moves GELU by at most {@code |x| / 2} times that, under an ulp of the result
 * for positive x. Past {@code t = 4} ({@code |x| > 5.66}) erfc is below 1.6e-8 and taken as 0: GELU is
 * then x or 0, off by at most {@code |x| 0.8e-8} from the true value. One vector of 16 lanes costs about
 * one exp and a dozen FMAs, against two double exps and a division per element in Cody's form.
 */
public final class Gelu {

    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final VectorSpecies<Float> S = VectorInfo.SPECIES;
    private static final int L = S.length();

    /** Past this t erfc(t) < 1.6e-8 counts as 0 (and Q is not fitted beyond it). */
    private static final float T_MAX = 4f;
    /** Q(t) ~ ln erfc(t) on [0, 4], lowest degree first. */
    private static final float Q0 = 2.149038059e-09f;
    private static final float Q1 = -1.128379464e+00f;
    private static final float Q2 = -6.366152763e-01f;
    private static final float Q3 = -1.028030291e-01f;
    private static final float Q4 = 1.922605932e-02f;
    private static final float Q5 = 4.697380427e-05f;
    private static final float Q6 = -1.567610656e-03f;
    private static final float Q7 = 5.838631187e-04f;
    private static final float Q8 = -1.050561841e-04f;
    private static final float Q9 = 7.949412065e-06f;

    private Gelu() {
    }

    /** The reference: GELU in double through {@link Erf}, rounded once to float. */
    public static float gelu(float x) {
        double v = x;
        return (float) (0.5 * v * (1.0 + Erf.erf(v * INV_SQRT2)));
    }

    /** The hot path's formula for one value, for the tail of a vector loop (see the class comment). */
    public static float geluFast(float x) {
        float t = Math.min(Math.abs(x) * (float) INV_SQRT2, T_MAX);
        float q = Q9;
        q = Math.fma(q, t, Q8);
        q = Math.fma(q, t, Q7);
        q = Math.fma(q, t, Q6);
        q = Math.fma(q, t, Q5);
        q = Math.fma(q, t, Q4);
        q = Math.fma(q, t, Q3);
        q = Math.fma(q, t, Q2);
        q = Math.fma(q, t, Q1);
        q = Math.fma(q, t, Q0);
        if (t >= T_MAX) {
            return x >= 0f ? x : x * 0f; // x * 0: -0 as the reference gives, NaN for -infinity
        }
        float half = 0.5f * (float) Math.exp(q);
        return x >= 0f ? Math.fma(-x, half, x) : x * half;
    }

    /**
     * Applies GELU in place to the first {@code rows x width} values of {@code x} (the fast form, see the
     * class comment: within an ulp of {@link #gelu} for positive x); rows are split over {@link Parallel}'s
     * threads.
     */
    public static void applyInPlace(float[] x, int rows, int width) {
        Parallel.forRange(rows, r -> apply(x, r * width, width));
    }

    /** Applies GELU in place to {@code x[from .. from + count)} on the calling thread (the fast form). */
    public static void apply(float[] x, int from, int count) {
        // one loop body, no helper taking a vector: such a helper boxes its vectors whenever C2 does not inline it
        int i = from;
        int end = from + count;
        for (; i + L <= end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector t = v.abs().mul((float) INV_SQRT2).min(T_MAX);
            FloatVector q = FloatVector.broadcast(S, Q9).fma(t, FloatVector.broadcast(S, Q8));
            q = q.fma(t, FloatVector.broadcast(S, Q7));
            q = q.fma(t, FloatVector.broadcast(S, Q6));
            q = q.fma(t, FloatVector.broadcast(S, Q5));
            q = q.fma(t, FloatVector.broadcast(S, Q4));
            q = q.fma(t, FloatVector.broadcast(S, Q3));
            q = q.fma(t, FloatVector.broadcast(S, Q2));
            q = q.fma(t, FloatVector.broadcast(S, Q1));
            q = q.fma(t, FloatVector.broadcast(S, Q0));
            // e = erfc(t) = e^q by VectorExp's sequence; q >= Q(4) = -17.9, so no range checks are needed
            FloatVector rounded = q.fma(VectorExp.LOG2E, VectorExp.ROUNDER);
            FloatVector n = rounded.sub(VectorExp.ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(S, -VectorExp.LN2_HI), q);
            r = n.fma(FloatVector.broadcast(S, -VectorExp.LN2_LO), r);
            FloatVector p = FloatVector.broadcast(S, VectorExp.E4).fma(r, FloatVector.broadcast(S, VectorExp.E3));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E2));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E1));
            p = p.fma(r, FloatVector.broadcast(S, VectorExp.E0));
            p = p.fma(r.mul(r), r.add(1f));
            FloatVector e = p.mul(rounded.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(VectorExp.BIAS).reinterpretAsFloats());
            VectorMask<Float> saturated = t.compare(VectorOperators.GE, T_MAX);
            FloatVector half = e.mul(0.5f).blend(0f, saturated);
            VectorMask<Float> positive = v.compare(VectorOperators.GE, 0f);
            // v - v e/2 at v >= 0, v e/2 below; saturated positive lanes take v itself (infinity - infinity * 0 is NaN)
            v.mul(half).blend(v.neg().fma(half, v), positive).blend(v, positive.and(saturated)).intoArray(x, i);
        }
        for (; i < end; i++) {
            x[i] = geluFast(x[i]);
        }
    }
}
