package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels over listed keys rather than a contiguous range: scores of one query against the keys a sparse
 * pattern or a top-k selection lists, and the weighted sum of the listed value rows. K and V are row-major
 * {@code n x d}. Stateless and thread-safe; {@link ScalarAttentionKernels} holds the plain-loop twins.
 */
public final class GatherKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private GatherKernels() {
    }

    /**
     * Scores against listed keys: {@code out[oo + t] = q[qo .. qo + d) . k[keys[ko + t] * d ..)} for
     * {@code t < count}. Four keys share each load of q.
     */
    // The four-key block is repeated in DecodeKernels.cachedScores on purpose: see the note there (merging them cost speed).
    public static void gatherDots(float[] q, int qo, float[] k, int[] keys, int ko, int count, int d, float[] out, int oo) {
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            int k0 = keys[ko + t] * d;
            int k1 = keys[ko + t + 1] * d;
            int k2 = keys[ko + t + 2] * d;
            int k3 = keys[ko + t + 3] * d;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int c = 0;
            for (; c + L <= d; c += L) {
                FloatVector qv = FloatVector.fromArray(S, q, qo + c);
                a0 = FloatVector.fromArray(S, k, k0 + c).fma(qv, a0);
                a1 = FloatVector.fromArray(S, k, k1 + c).fma(qv, a1);
                a2 = FloatVector.fromArray(S, k, k2 + c).fma(qv, a2);
                a3 = FloatVector.fromArray(S, k, k3 + c).fma(qv, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; c < d; c++) {
                float qc = q[qo + c];
                s0 += qc * k[k0 + c];
                s1 += qc * k[k1 + c];
                s2 += qc * k[k2 + c];
                s3 += qc * k[k3 + c];
            }
            out[oo + t] = s0;
            out[oo + t + 1] = s1;
            out[oo + t + 2] = s2;
            out[oo + t + 3] = s3;
        }
        for (; t < count; t++) {
            out[oo + t] = VectorKernels.dot(q, qo, k, keys[ko + t] * d, d);
        }
    }

    /**
     * Weighted sum of listed rows: {@code out[oo + c] = sum_t w[wo + t] * v[keys[ko + t] * d + c]} for
     * {@code c < d}: the PV step of a sparse pattern. Zero weights are skipped.
     */
    public static void gatherWeightedSum(float[] w, int wo, int[] keys, int ko, int count, float[] v, int d, float[] out, int oo) {
        int c = 0;
        for (; c + 4 * L <= d; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (int t = 0; t < count; t++) {
                float weight = w[wo + t];
                if (weight == 0f) {
                    continue;
                }
                FloatVector wt = FloatVector.broadcast(S, weight);
                int base = keys[ko + t] * d + c;
                a0 = FloatVector.fromArray(S, v, base).fma(wt, a0);
                a1 = FloatVector.fromArray(S, v, base + L).fma(wt, a1);
                a2 = FloatVector.fromArray(S, v, base + 2 * L).fma(wt, a2);
                a3 = FloatVector.fromArray(S, v, base + 3 * L).fma(wt, a3);
            }
            a0.intoArray(out, oo + c);
            a1.intoArray(out, oo + c + L);
            a2.intoArray(out, oo + c + 2 * L);
            a3.intoArray(out, oo + c + 3 * L);
        }
        for (; c + L <= d; c += L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            int t = 0;
            for (; t + 2 <= count; t += 2) {
                a0 = FloatVector.fromArray(S, v, keys[ko + t] * d + c).fma(FloatVector.broadcast(S, w[wo + t]), a0);
                a1 = FloatVector.fromArray(S, v, keys[ko + t + 1] * d + c).fma(FloatVector.broadcast(S, w[wo + t + 1]), a1);
            }
            if (t < count) {
                a0 = FloatVector.fromArray(S, v, keys[ko + t] * d + c).fma(FloatVector.broadcast(S, w[wo + t]), a0);
            }
            a0.add(a1).intoArray(out, oo + c);
        }
        for (; c < d; c++) {
            float sum = 0f;
            for (int t = 0; t < count; t++) {
                sum += w[wo + t] * v[keys[ko + t] * d + c];
            }
            out[oo + c] = sum;
        }
    }
}
