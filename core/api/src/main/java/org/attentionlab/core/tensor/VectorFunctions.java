package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental functions on float vectors that give the same bits in every JIT tier: {@link VectorExp}'s
 * inline exp (within 2 ulps of {@code Math.exp} on [-87.3, 88]; 0 below, +infinity above, NaN stays NaN).
 * {@code VectorOperators.EXP} and {@code TANH} are not: C2 compiles them to a vector math library whose results
 * differ from the interpreter's {@link Math} by an ulp, so a model's output depended on whether its thread ran
 * compiled code yet, and a resumed run's cell differed from the first run's in the last bits.
 */
public final class VectorFunctions {

    private VectorFunctions() {
    }

    /**
     * e^a per lane.
     *
     * @param a the exponents
     * @return e^a, as {@link VectorExp} computes it
     */
    public static FloatVector exp(FloatVector a) {
        FloatVector t = a.fma(a.broadcast(VectorExp.LOG2E), a.broadcast(VectorExp.ROUNDER));
        FloatVector n = t.sub(VectorExp.ROUNDER);
        FloatVector r = n.fma(a.broadcast(-VectorExp.LN2_HI), a);
        r = n.fma(a.broadcast(-VectorExp.LN2_LO), r);
        FloatVector p = a.broadcast(VectorExp.E4).fma(r, a.broadcast(VectorExp.E3));
        p = p.fma(r, a.broadcast(VectorExp.E2));
        p = p.fma(r, a.broadcast(VectorExp.E1));
        p = p.fma(r, a.broadcast(VectorExp.E0));
        p = p.fma(r.mul(r), r.add(1f));
        return p.mul(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(VectorExp.BIAS).reinterpretAsFloats())
                .blend(0f, a.compare(VectorOperators.LT, VectorExp.MIN))
                .blend(Float.POSITIVE_INFINITY, a.compare(VectorOperators.GT, VectorExp.MAX));
    }

    /**
     * 1 + tanh(u) per lane, as 2 - 2 / (e^{2u} + 1): exactly 2 where e^{2u} overflows and 0 where it underflows.
     *
     * @param u the arguments
     * @return 1 + tanh(u)
     */
    public static FloatVector onePlusTanh(FloatVector u) {
        FloatVector e = exp(u.add(u));
        return u.broadcast(2f).sub(u.broadcast(2f).div(e.add(1f)));
    }
}
