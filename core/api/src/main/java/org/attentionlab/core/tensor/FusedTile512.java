package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * AVX-512's register tile of the fused attention kernel: 32 queries (two vectors of 16) x 4 keys, 8 score
 * registers of 32, the rest for the Q vectors, a broadcast and the exponential's constants. The tile is spelled out, one local per score vector, so that C2 keeps it in registers
 * (generated from one template; {@link FusedAttentionKernel} explains the steps).
 */
final class FusedTile512 extends FusedAttentionKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int PANEL = 2 * L;
    private static final int KEYS = 4;
    private static final int REFERENCE = 0;
    private static final int SUM = PANEL;
    private static final int TILE_MAX = 2 * PANEL;
    private static final int WEIGHTS = 3 * PANEL;
    /** After the constants: its constructor reads PANEL. */
    static final FusedTile512 INSTANCE = new FusedTile512();

    private FusedTile512() {
        super(PANEL, KEYS, "2 x 16 queries x 4 keys (FloatVector.SPECIES_512)", true);
    }

    @Override
    boolean weights(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state, int slot,
                    boolean settled) {
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
        if (!settled && top.compare(VectorOperators.GT, IntVector.broadcast(I, TAU_BITS)).anyTrue()) {
            return false;   // the caller raises the references and runs the tile again
        }
        // 2^y on the registers (FusedAttentionKernel.exp2's steps)
        // constants as vectors: an operation with a scalar argument drags its generic template (and, for ints,
        // the shift branch) into C2's graph, and a graph too large loses its vector intrinsics
        FloatVector p6 = FloatVector.broadcast(S, P6), p5 = FloatVector.broadcast(S, P5), p4 = FloatVector.broadcast(S, P4);
        FloatVector p3 = FloatVector.broadcast(S, P3), p2 = FloatVector.broadcast(S, P2), p1 = FloatVector.broadcast(S, P1);
        FloatVector one = FloatVector.broadcast(S, ONE), rounder = FloatVector.broadcast(S, ROUNDER);
        IntVector lowest = IntVector.broadcast(I, LOWEST), exponentBias = IntVector.broadcast(I, BIAS);
        { FloatVector t = s00.add(rounder);
          FloatVector f = s00.sub(t.sub(rounder));
          s00 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s01.add(rounder);
          FloatVector f = s01.sub(t.sub(rounder));
          s01 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s02.add(rounder);
          FloatVector f = s02.sub(t.sub(rounder));
          s02 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s03.add(rounder);
          FloatVector f = s03.sub(t.sub(rounder));
          s03 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s10.add(rounder);
          FloatVector f = s10.sub(t.sub(rounder));
          s10 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s11.add(rounder);
          FloatVector f = s11.sub(t.sub(rounder));
          s11 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s12.add(rounder);
          FloatVector f = s12.sub(t.sub(rounder));
          s12 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s13.add(rounder);
          FloatVector f = s13.sub(t.sub(rounder));
          s13 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        FloatVector.fromArray(S, state, SUM).add(s00.add(s01).add(s02.add(s03))).intoArray(state, SUM);
        FloatVector.fromArray(S, state, SUM + 1 * L).add(s10.add(s11).add(s12.add(s13))).intoArray(state, SUM + 1 * L);
        // the weights to L1 for accumulate (a second method: one this long does not fit C1's and C2's limits)
        s00.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 0 * L);
        s10.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 1 * L);
        s01.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 2 * L);
        s11.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 3 * L);
        s02.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 4 * L);
        s12.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 5 * L);
        s03.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 6 * L);
        s13.intoArray(state, WEIGHTS + slot * KEYS * PANEL + 7 * L);
        return true;
    }

    @Override
    void accumulate(float[] vt, int kOff, int d, float[] state, float[] ot) {
        FloatVector w00 = FloatVector.fromArray(S, state, WEIGHTS + 0 * L);
        FloatVector w10 = FloatVector.fromArray(S, state, WEIGHTS + 1 * L);
        FloatVector w01 = FloatVector.fromArray(S, state, WEIGHTS + 2 * L);
        FloatVector w11 = FloatVector.fromArray(S, state, WEIGHTS + 3 * L);
        FloatVector w02 = FloatVector.fromArray(S, state, WEIGHTS + 4 * L);
        FloatVector w12 = FloatVector.fromArray(S, state, WEIGHTS + 5 * L);
        FloatVector w03 = FloatVector.fromArray(S, state, WEIGHTS + 6 * L);
        FloatVector w13 = FloatVector.fromArray(S, state, WEIGHTS + 7 * L);
        // PV: weights times the tiles' values, into the transposed output, key by key
        for (int c = 0; c < d; c++) {
            FloatVector o0 = FloatVector.fromArray(S, ot, c * PANEL);
            FloatVector o1 = FloatVector.fromArray(S, ot, c * PANEL + 1 * L);
            FloatVector w = FloatVector.broadcast(S, vt[kOff + c * KEYS]);
            o0 = w00.fma(w, o0);
            o1 = w10.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 1]);
            o0 = w01.fma(w, o0);
            o1 = w11.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 2]);
            o0 = w02.fma(w, o0);
            o1 = w12.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 3]);
            o0 = w03.fma(w, o0);
            o1 = w13.fma(w, o1);
            o0.intoArray(ot, c * PANEL);
            o1.intoArray(ot, c * PANEL + 1 * L);
        }
    }

    @Override
    void accumulatePair(float[] vt, int kOff, int d, float[] state, float[] ot) {
        FloatVector w00 = FloatVector.fromArray(S, state, WEIGHTS + 0 * L);
        FloatVector w10 = FloatVector.fromArray(S, state, WEIGHTS + 1 * L);
        FloatVector w01 = FloatVector.fromArray(S, state, WEIGHTS + 2 * L);
        FloatVector w11 = FloatVector.fromArray(S, state, WEIGHTS + 3 * L);
        FloatVector w02 = FloatVector.fromArray(S, state, WEIGHTS + 4 * L);
        FloatVector w12 = FloatVector.fromArray(S, state, WEIGHTS + 5 * L);
        FloatVector w03 = FloatVector.fromArray(S, state, WEIGHTS + 6 * L);
        FloatVector w13 = FloatVector.fromArray(S, state, WEIGHTS + 7 * L);
        FloatVector w04 = FloatVector.fromArray(S, state, WEIGHTS + 8 * L);
        FloatVector w14 = FloatVector.fromArray(S, state, WEIGHTS + 9 * L);
        FloatVector w05 = FloatVector.fromArray(S, state, WEIGHTS + 10 * L);
        FloatVector w15 = FloatVector.fromArray(S, state, WEIGHTS + 11 * L);
        FloatVector w06 = FloatVector.fromArray(S, state, WEIGHTS + 12 * L);
        FloatVector w16 = FloatVector.fromArray(S, state, WEIGHTS + 13 * L);
        FloatVector w07 = FloatVector.fromArray(S, state, WEIGHTS + 14 * L);
        FloatVector w17 = FloatVector.fromArray(S, state, WEIGHTS + 15 * L);
        int kOff2 = kOff + d * KEYS;   // the next tile's keys
        // PV: weights times the tiles' values, into the transposed output, key by key
        for (int c = 0; c < d; c++) {
            FloatVector o0 = FloatVector.fromArray(S, ot, c * PANEL);
            FloatVector o1 = FloatVector.fromArray(S, ot, c * PANEL + 1 * L);
            FloatVector w = FloatVector.broadcast(S, vt[kOff + c * KEYS]);
            o0 = w00.fma(w, o0);
            o1 = w10.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 1]);
            o0 = w01.fma(w, o0);
            o1 = w11.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 2]);
            o0 = w02.fma(w, o0);
            o1 = w12.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff + c * KEYS + 3]);
            o0 = w03.fma(w, o0);
            o1 = w13.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff2 + c * KEYS]);
            o0 = w04.fma(w, o0);
            o1 = w14.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff2 + c * KEYS + 1]);
            o0 = w05.fma(w, o0);
            o1 = w15.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff2 + c * KEYS + 2]);
            o0 = w06.fma(w, o0);
            o1 = w16.fma(w, o1);
            w = FloatVector.broadcast(S, vt[kOff2 + c * KEYS + 3]);
            o0 = w07.fma(w, o0);
            o1 = w17.fma(w, o1);
            o0.intoArray(ot, c * PANEL);
            o1.intoArray(ot, c * PANEL + 1 * L);
        }
    }

    @Override
    boolean pairScores(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state) {
        FloatVector n0 = FloatVector.fromArray(S, state, REFERENCE).neg();
        FloatVector n1 = FloatVector.fromArray(S, state, REFERENCE + 1 * L).neg();
        FloatVector s00 = n0, s01 = n0, s02 = n0, s03 = n0, s04 = n0, s05 = n0, s06 = n0, s07 = n0, s10 = n1, s11 = n1, s12 = n1, s13 = n1, s14 = n1, s15 = n1, s16 = n1, s17 = n1;
        if (bias != null) {
            s00 = n0.add(FloatVector.fromArray(S, bias, biasOff));
            s10 = n1.add(FloatVector.fromArray(S, bias, biasOff + 1 * L));
            s01 = n0.add(FloatVector.fromArray(S, bias, biasOff + 1 * PANEL));
            s11 = n1.add(FloatVector.fromArray(S, bias, biasOff + 1 * PANEL + 1 * L));
            s02 = n0.add(FloatVector.fromArray(S, bias, biasOff + 2 * PANEL));
            s12 = n1.add(FloatVector.fromArray(S, bias, biasOff + 2 * PANEL + 1 * L));
            s03 = n0.add(FloatVector.fromArray(S, bias, biasOff + 3 * PANEL));
            s13 = n1.add(FloatVector.fromArray(S, bias, biasOff + 3 * PANEL + 1 * L));
            s04 = n0.add(FloatVector.fromArray(S, bias, biasOff + 4 * PANEL));
            s14 = n1.add(FloatVector.fromArray(S, bias, biasOff + 4 * PANEL + 1 * L));
            s05 = n0.add(FloatVector.fromArray(S, bias, biasOff + 5 * PANEL));
            s15 = n1.add(FloatVector.fromArray(S, bias, biasOff + 5 * PANEL + 1 * L));
            s06 = n0.add(FloatVector.fromArray(S, bias, biasOff + 6 * PANEL));
            s16 = n1.add(FloatVector.fromArray(S, bias, biasOff + 6 * PANEL + 1 * L));
            s07 = n0.add(FloatVector.fromArray(S, bias, biasOff + 7 * PANEL));
            s17 = n1.add(FloatVector.fromArray(S, bias, biasOff + 7 * PANEL + 1 * L));
        }
        int kOff2 = kOff + d * KEYS;
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
            k = FloatVector.broadcast(S, kt[kOff2 + c * KEYS]);
            s04 = q0.fma(k, s04);
            s14 = q1.fma(k, s14);
            k = FloatVector.broadcast(S, kt[kOff2 + c * KEYS + 1]);
            s05 = q0.fma(k, s05);
            s15 = q1.fma(k, s15);
            k = FloatVector.broadcast(S, kt[kOff2 + c * KEYS + 2]);
            s06 = q0.fma(k, s06);
            s16 = q1.fma(k, s16);
            k = FloatVector.broadcast(S, kt[kOff2 + c * KEYS + 3]);
            s07 = q0.fma(k, s07);
            s17 = q1.fma(k, s17);
        }
        IntVector top = s00.reinterpretAsInts().max(s01.reinterpretAsInts()).max(s02.reinterpretAsInts().max(s03.reinterpretAsInts())).max(s04.reinterpretAsInts().max(s05.reinterpretAsInts()).max(s06.reinterpretAsInts().max(s07.reinterpretAsInts()))).max(s10.reinterpretAsInts().max(s11.reinterpretAsInts()).max(s12.reinterpretAsInts().max(s13.reinterpretAsInts())).max(s14.reinterpretAsInts().max(s15.reinterpretAsInts()).max(s16.reinterpretAsInts().max(s17.reinterpretAsInts()))));
        if (top.compare(VectorOperators.GT, IntVector.broadcast(I, TAU_BITS)).anyTrue()) {
            return false;
        }
        s00.intoArray(state, WEIGHTS + 0 * L);
        s10.intoArray(state, WEIGHTS + 1 * L);
        s01.intoArray(state, WEIGHTS + 2 * L);
        s11.intoArray(state, WEIGHTS + 3 * L);
        s02.intoArray(state, WEIGHTS + 4 * L);
        s12.intoArray(state, WEIGHTS + 5 * L);
        s03.intoArray(state, WEIGHTS + 6 * L);
        s13.intoArray(state, WEIGHTS + 7 * L);
        s04.intoArray(state, WEIGHTS + 8 * L);
        s14.intoArray(state, WEIGHTS + 9 * L);
        s05.intoArray(state, WEIGHTS + 10 * L);
        s15.intoArray(state, WEIGHTS + 11 * L);
        s06.intoArray(state, WEIGHTS + 12 * L);
        s16.intoArray(state, WEIGHTS + 13 * L);
        s07.intoArray(state, WEIGHTS + 14 * L);
        s17.intoArray(state, WEIGHTS + 15 * L);
        return true;
    }

    @Override
    void exponentiate(float[] state, int slot) {
        int at = WEIGHTS + slot * KEYS * PANEL;
        FloatVector s00 = FloatVector.fromArray(S, state, at + 0 * L);
        FloatVector s01 = FloatVector.fromArray(S, state, at + 2 * L);
        FloatVector s02 = FloatVector.fromArray(S, state, at + 4 * L);
        FloatVector s03 = FloatVector.fromArray(S, state, at + 6 * L);
        FloatVector s10 = FloatVector.fromArray(S, state, at + 1 * L);
        FloatVector s11 = FloatVector.fromArray(S, state, at + 3 * L);
        FloatVector s12 = FloatVector.fromArray(S, state, at + 5 * L);
        FloatVector s13 = FloatVector.fromArray(S, state, at + 7 * L);
        FloatVector p6 = FloatVector.broadcast(S, P6), p5 = FloatVector.broadcast(S, P5), p4 = FloatVector.broadcast(S, P4);
        FloatVector p3 = FloatVector.broadcast(S, P3), p2 = FloatVector.broadcast(S, P2), p1 = FloatVector.broadcast(S, P1);
        FloatVector one = FloatVector.broadcast(S, ONE), rounder = FloatVector.broadcast(S, ROUNDER);
        IntVector lowest = IntVector.broadcast(I, LOWEST), exponentBias = IntVector.broadcast(I, BIAS);
        { FloatVector t = s00.add(rounder);
          FloatVector f = s00.sub(t.sub(rounder));
          s00 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s01.add(rounder);
          FloatVector f = s01.sub(t.sub(rounder));
          s01 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s02.add(rounder);
          FloatVector f = s02.sub(t.sub(rounder));
          s02 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s03.add(rounder);
          FloatVector f = s03.sub(t.sub(rounder));
          s03 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s10.add(rounder);
          FloatVector f = s10.sub(t.sub(rounder));
          s10 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s11.add(rounder);
          FloatVector f = s11.sub(t.sub(rounder));
          s11 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s12.add(rounder);
          FloatVector f = s12.sub(t.sub(rounder));
          s12 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        { FloatVector t = s13.add(rounder);
          FloatVector f = s13.sub(t.sub(rounder));
          s13 = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)
                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }
        FloatVector.fromArray(S, state, SUM).add(s00.add(s01).add(s02.add(s03))).intoArray(state, SUM);
        FloatVector.fromArray(S, state, SUM + 1 * L).add(s10.add(s11).add(s12.add(s13))).intoArray(state, SUM + 1 * L);
        s00.intoArray(state, at + 0 * L);
        s10.intoArray(state, at + 1 * L);
        s01.intoArray(state, at + 2 * L);
        s11.intoArray(state, at + 3 * L);
        s02.intoArray(state, at + 4 * L);
        s12.intoArray(state, at + 5 * L);
        s03.intoArray(state, at + 6 * L);
        s13.intoArray(state, at + 7 * L);
    }

    @Override
    void tileMax(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state) {
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
