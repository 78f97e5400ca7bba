package org.attentionlab.core.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels only linear attention uses: its feature maps ({@code elu + 1}, {@code relu}) and its running
 * state ({@code S = sum phi(k) v^T}, {@code z = sum phi(k)}) updated one key at a time and read by each
 * query. Stateless and thread-safe; {@link ScalarAttentionKernels} holds the plain-loop twins.
 */
public final class LinearAttentionKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private LinearAttentionKernels() {
    }

    /**
     * {@code out[oo + c] = elu(x[xo + c]) + 1}, i.e. {@code x + 1} for x > 0 and {@code exp(x)} otherwise.
     * The vector lanes use {@link VectorFunctions#exp} (VectorExp's inline exp), not {@code VectorOperators.EXP}: C2 compiles that to
     * a vector math library whose results differ from the interpreter's {@link Math#exp} by an ulp, so the
     * same head gave different bits depending on whether its thread ran compiled code yet (the contract's
     * serial-vs-parallel check caught it); the inline sequence is the same arithmetic in every tier.
     */
    public static void eluPlusOne(float[] x, int xo, float[] out, int oo, int len) {
        int c = 0;
        for (; c + L <= len; c += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + c);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
            FloatVector e = VectorFunctions.exp(v);
            e.blend(v.add(1f), positive).intoArray(out, oo + c);
        }
        for (; c < len; c++) {
            float value = x[xo + c];
            out[oo + c] = value > 0f ? value + 1f : (float) Math.exp(value);
        }
    }

    /** {@code out[oo + c] = max(x[xo + c], 0)}. */
    public static void relu(float[] x, int xo, float[] out, int oo, int len) {
        int c = 0;
        for (; c + L <= len; c += L) {
            FloatVector.fromArray(S, x, xo + c).max(0f).intoArray(out, oo + c);
        }
        for (; c < len; c++) {
            out[oo + c] = Math.max(x[xo + c], 0f);
        }
    }

    /**
     * One key joins linear attention's running state: {@code S[r][c] += weight * f[fo + r] * v[vo + c]} and
     * {@code z[r] += weight * f[fo + r]}, with {@code state} holding S ({@code m x d}) then z ({@code m}).
     */
    public static void linearAccumulate(float[] f, int fo, int m, float weight, float[] v, int vo, int d, float[] state) {
        int z = m * d;
        for (int r = 0; r < m; r++) {
            float fr = f[fo + r] * weight;
            if (fr == 0f) {
                continue;
            }
            VectorKernels.axpy(fr, v, vo, state, r * d, d);
            state[z + r] += fr;
        }
    }

    /**
     * One query reads linear attention's state: {@code out[oo .. oo + d) = (f S) / (f . z)}. Returns false,
     * with the row zeroed, when the denominator is not positive (no key seen, or features orthogonal to all).
     */
    public static boolean linearReadout(float[] f, int fo, int m, float[] state, int d, float[] out, int oo) {
        float denominator = VectorKernels.dot(f, fo, state, m * d, m);
        if (!(denominator > 0f)) {
            Arrays.fill(out, oo, oo + d, 0f);
            return false;
        }
        RowMatrixKernels.rowTimesMatrix(f, fo, m, state, 0, d, d, out, oo, false);
        VectorKernels.scale(out, oo, d, 1f / denominator);
        return true;
    }
}
