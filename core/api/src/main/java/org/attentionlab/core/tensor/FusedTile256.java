package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * AVX2's register tile of the fused attention kernel: 16 queries (two vectors of 8) x 4 keys, 8 score
 * registers of 16, the rest for the Q vectors, a broadcast and the exponential's constants. The tile is spelled out, one local per score vector, so that C2 keeps it in registers
 * (generated from one template; {@link FusedAttentionKernel} explains the steps).
 */
final class FusedTile256 extends FusedAttentionKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final int PANEL = 2 * L;
    private static final int KEYS = 4;
    private static final int REFERENCE = 0;
    private static final int SUM = PANEL;
    private static final int TILE_MAX = 2 * PANEL;
    /** After the constants: its constructor reads PANEL. */
    static final FusedTile256 INSTANCE = new FusedTile256();

    private FusedTile256() {
        super(PANEL, KEYS, "2 x 8 queries x 4 keys (FloatVector.SPECIES_256)");
    }

    @Override
    void tile(float[] qt, float[] kt, float[] vt, int kOff, int d, float[] bias, int biasOff, float[] state,
              float[] ot, boolean settled) {
        // QK^T: one accumulator per (query vector, key), the queries in lanes
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        // one induction variable, every index linear in it: C2 can then drop the range checks from the loop
        for (int c = 0; c < d; c++) {
            FloatVector q0 = FloatVector.fromArray(S, qt, c * PANEL);
            FloatVector q1 = FloatVector.fromArray(S, qt, c * PANEL + 1 * L);
            FloatVector k = FloatVector.broadcast(S, kt[kOff + c * KEYS]);
            s00 = q0.fma(k, s00);
            s10 = q1.fma(k, s10);
            k = FloatVector.broadcast(S, kt[kOff + c * KEYS + 1]);
            s01 = q0.fma(k, s01);
            s11 = q1.fma(k, s11);
            k = FloatVector.broadcast(S, kt[kOff + c * KEYS + 2]);
            s02 = q0.fma(k, s02);
            s12 = q1.fma(k, s12);
            k = FloatVector.broadcast(S, kt[kOff + c * KEYS + 3]);
            s03 = q0.fma(k, s03);
            s13 = q1.fma(k, s13);
        }
        if (bias != null) {   // hidden pairs far below anything visible, before the reference and the exponential
            s00 = s00.add(FloatVector.fromArray(S, bias, biasOff));
            s10 = s10.add(FloatVector.fromArray(S, bias, biasOff + 1 * L));
            s01 = s01.add(FloatVector.fromArray(S, bias, biasOff + 1 * PANEL));
            s11 = s11.add(FloatVector.fromArray(S, bias, biasOff + 1 * PANEL + 1 * L));
            s02 = s02.add(FloatVector.fromArray(S, bias, biasOff + 2 * PANEL));
            s12 = s12.add(FloatVector.fromArray(S, bias, biasOff + 2 * PANEL + 1 * L));
            s03 = s03.add(FloatVector.fromArray(S, bias, biasOff + 3 * PANEL));
            s13 = s13.add(FloatVector.fromArray(S, bias, biasOff + 3 * PANEL + 1 * L));
        }
        // scores relative to the reference; as ints, the largest is over TAU's bits exactly when the float is over TAU
        FloatVector r0 = FloatVector.fromArray(S, state, REFERENCE);
        FloatVector r1 = FloatVector.fromArray(S, state, REFERENCE + 1 * L);
        s00 = s00.sub(r0);
        s01 = s01.sub(r0);
        s02 = s02.sub(r0);
        s03 = s03.sub(r0);
        s10 = s10.sub(r1);
        s11 = s11.sub(r1);
        s12 = s12.sub(r1);
        s13 = s13.sub(r1);
        IntVector top = s00.reinterpretAsInts().max(s01.reinterpretAsInts()).max(s02.reinterpretAsInts().max(s03.reinterpretAsInts())).max(s10.reinterpretAsInts().max(s11.reinterpretAsInts()).max(s12.reinterpretAsInts().max(s13.reinterpretAsInts())));
        if (!settled && top.compare(VectorOperators.GT, TAU_BITS).anyTrue()) {
            tileMax(qt, kt, kOff, d, bias, biasOff, state);
            raise(state, ot, d);
            tile(qt, kt, vt, kOff, d, bias, biasOff, state, ot, true);
            return;
        }
        // 2^y on the registers (FusedAttentionKernel.exp2's steps)
        FloatVector p4 = FloatVector.broadcast(S, P4), p3 = FloatVector.broadcast(S, P3), p2 = FloatVector.broadcast(S, P2);
        FloatVector p1 = FloatVector.broadcast(S, P1), one = FloatVector.broadcast(S, ONE);
        { FloatVector t = s00.add(ROUNDER);
          FloatVector f = s00.sub(t.sub(ROUNDER));
          s00 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s01.add(ROUNDER);
          FloatVector f = s01.sub(t.sub(ROUNDER));
          s01 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s02.add(ROUNDER);
          FloatVector f = s02.sub(t.sub(ROUNDER));
          s02 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s03.add(ROUNDER);
          FloatVector f = s03.sub(t.sub(ROUNDER));
          s03 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s10.add(ROUNDER);
          FloatVector f = s10.sub(t.sub(ROUNDER));
          s10 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s11.add(ROUNDER);
          FloatVector f = s11.sub(t.sub(ROUNDER));
          s11 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s12.add(ROUNDER);
          FloatVector f = s12.sub(t.sub(ROUNDER));
          s12 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        { FloatVector t = s13.add(ROUNDER);
          FloatVector f = s13.sub(t.sub(ROUNDER));
          s13 = f.fma(P6, P5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(LOWEST).lanewise(VectorOperators.LSHL, 23).add(BIAS).reinterpretAsFloats()); }
        FloatVector.fromArray(S, state, SUM).add(s00.add(s01).add(s02.add(s03))).intoArray(state, SUM);
        FloatVector.fromArray(S, state, SUM + 1 * L).add(s10.add(s11).add(s12.add(s13))).intoArray(state, SUM + 1 * L);
        // PV: weights times the tile's values, into the transposed output, key by key
        for (int c = 0; c < d; c++) {
            FloatVector o0 = FloatVector.fromArray(S, ot, c * PANEL);
            FloatVector o1 = FloatVector.fromArray(S, ot, c * PANEL + 1 * L);
            FloatVector w = FloatVector.broadcast(S, vt[kOff + c * KEYS]);
            o0 = s00.fma(w, o0);
            o1 = s10.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 1]);
            o0 = s01.fma(w, o0);
            o1 = s11.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 2]);
            o0 = s02.fma(w, o0);
            o1 = s12.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 3]);
            o0 = s03.fma(w, o0);
            o1 = s13.fma(w, o1);
            o0.intoArray(ot, c * PANEL);
            o1.intoArray(ot, c * PANEL + 1 * L);
        }
    }

    /** The tile's largest score per query (after the bias), exactly as {@link #tile} computes the scores. */
    private static void tileMax(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state) {
        for (int v = 0; v < PANEL; v += L) {
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < KEYS; j++) {
                FloatVector s = FloatVector.zero(S);
                for (int c = 0; c < d; c++) {
                    s = FloatVector.fromArray(S, qt, c * PANEL + v).fma(FloatVector.broadcast(S, kt[kOff + c * KEYS + j]), s);
                }
                if (bias != null) {
                    s = s.add(FloatVector.fromArray(S, bias, biasOff + j * PANEL + v));
                }
                max = max.max(s);
            }
            max.intoArray(state, TILE_MAX + v);
        }
    }
}
