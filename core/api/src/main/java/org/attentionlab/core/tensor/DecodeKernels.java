package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products of one decode step, over a key/value cache held as contiguous rows ({@code count x d},
 * row-major): the scores of a few query rows (the query heads of one grouped-query group) against every
 * cached key, and the weighted sum of the cached value rows. Each is a GEMV (a GEMM with M = the group),
 * memory-bound on the cache, so each cached row is loaded once per call and reused for every query row from
 * registers or L1. Stateless and thread-safe; {@link ScalarAttentionKernels} holds the plain-loop twins.
 */
public final class DecodeKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private DecodeKernels() {
    }

    /**
     * Scores of {@code rows} queries against {@code count} cached keys: {@code out[oo + r * ldo + t] =
     * q[qo + r * d ..] . keys[ko + t * d ..]} (length {@code d} each) for {@code r < rows}, {@code t < count}.
     * Four keys at a time, each loaded once for all rows.
     */
    // The four-key block is also written out in GatherKernels.gatherDots (there over listed keys) on purpose. Merged into
    // one helper, C2 inlines it at both call sites, but the two kernels then share one profile and an out-of-line
    // compilation of the helper: side by side (old copy vs merged, interleaved rounds, Xeon with AVX-512, a shared
    // machine) gatherDots moved from 8% faster to 12% slower with the order the JIT compiled them, and a helper whose
    // compiled code outgrows -XX:InlineSmallCode is no longer inlined at all. In these hot kernels the copy is cheaper.
    public static void cachedScores(float[] q, int qo, int rows, float[] keys, int ko, int count, int d,
                                    float[] out, int oo, int ldo) {
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            int k0 = ko + t * d;
            int k1 = k0 + d;
            int k2 = k1 + d;
            int k3 = k2 + d;
            for (int r = 0; r < rows; r++) {
                int qr = qo + r * d;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                int c = 0;
                for (; c + L <= d; c += L) {
                    FloatVector qv = FloatVector.fromArray(S, q, qr + c);
                    a0 = FloatVector.fromArray(S, keys, k0 + c).fma(qv, a0);
                    a1 = FloatVector.fromArray(S, keys, k1 + c).fma(qv, a1);
                    a2 = FloatVector.fromArray(S, keys, k2 + c).fma(qv, a2);
                    a3 = FloatVector.fromArray(S, keys, k3 + c).fma(qv, a3);
                }
                float s0 = a0.reduceLanes(VectorOperators.ADD);
                float s1 = a1.reduceLanes(VectorOperators.ADD);
                float s2 = a2.reduceLanes(VectorOperators.ADD);
                float s3 = a3.reduceLanes(VectorOperators.ADD);
                for (; c < d; c++) {
                    float qc = q[qr + c];
                    s0 += qc * keys[k0 + c];
                    s1 += qc * keys[k1 + c];
                    s2 += qc * keys[k2 + c];
                    s3 += qc * keys[k3 + c];
                }
                int at = oo + r * ldo + t;
                out[at] = s0;
                out[at + 1] = s1;
                out[at + 2] = s2;
                out[at + 3] = s3;
            }
        }
        for (; t < count; t++) {
            for (int r = 0; r < rows; r++) {
                out[oo + r * ldo + t] = VectorKernels.dot(q, qo + r * d, keys, ko + t * d, d);
            }
        }
    }

    /**
     * Weighted sum of the cached value rows for {@code rows} weight rows: {@code out[oo + r * d + c] = sum_t
     * w[wo + r * ldw + t] * values[vo + t * d + c]} for {@code r < rows}, {@code c < d}, {@code t < count};
     * overwrites those outputs. The outputs of four vectors of columns stay in registers while the value
     * rows stream past.
     */
    public static void cachedWeightedSum(float[] w, int wo, int ldw, int rows, float[] values, int vo, int count, int d,
                                         float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int wr = wo + r * ldw;
            int or = oo + r * d;
            int c = 0;
            for (; c + 4 * L <= d; c += 4 * L) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                for (int t = 0, base = vo + c; t < count; t++, base += d) {
                    FloatVector wt = FloatVector.broadcast(S, w[wr + t]);
                    a0 = FloatVector.fromArray(S, values, base).fma(wt, a0);
                    a1 = FloatVector.fromArray(S, values, base + L).fma(wt, a1);
                    a2 = FloatVector.fromArray(S, values, base + 2 * L).fma(wt, a2);
                    a3 = FloatVector.fromArray(S, values, base + 3 * L).fma(wt, a3);
                }
                a0.intoArray(out, or + c);
                a1.intoArray(out, or + c + L);
                a2.intoArray(out, or + c + 2 * L);
                a3.intoArray(out, or + c + 3 * L);
            }
            for (; c + L <= d; c += L) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                int t = 0;
                for (; t + 2 <= count; t += 2) {
                    int base = vo + t * d + c;
                    a0 = FloatVector.fromArray(S, values, base).fma(FloatVector.broadcast(S, w[wr + t]), a0);
                    a1 = FloatVector.fromArray(S, values, base + d).fma(FloatVector.broadcast(S, w[wr + t + 1]), a1);
                }
                if (t < count) {
                    a0 = FloatVector.fromArray(S, values, vo + t * d + c).fma(FloatVector.broadcast(S, w[wr + t]), a0);
                }
                a0.add(a1).intoArray(out, or + c);
            }
            for (; c < d; c++) {
                float sum = 0f;
                for (int t = 0; t < count; t++) {
                    sum += w[wr + t] * values[vo + t * d + c];
                }
                out[or + c] = sum;
            }
        }
    }
}
