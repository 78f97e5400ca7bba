# Writes FusedTile512.java and FusedTile256.java, the register tiles of core-api's FusedAttentionKernel, into the
# folder given (core/api/src/main/java/org/attentionlab/core/tensor): straight-line vector code, one local per
# score vector, that C2 keeps in registers. Usage: python3 core/api/codegen/fused_tiles.py <folder> [keys] [query vectors]
# (defaults 4 and 2, the shipped AVX-512 shape; AVX2's 2 x 3 is fixed). Edit here, regenerate, never edit the output.
# UQK=1 in the environment unrolls the scores' feature loop by two (tried: no faster, and too large for C1 at 2 x 6).
import sys
def sfx(v):
    return f" + {v} * L" if v else ""
def zeros(flat):
    return "        FloatVector " + ", ".join(f"{x} = FloatVector.zero(S)" if i == 0 else f"{x} = s00" for i, x in enumerate(flat)) + ";"
def max_tree(xs):
    if len(xs) == 1: return xs[0] + ".reinterpretAsInts()"
    h = len(xs) // 2
    return f"{max_tree(xs[:h])}.max({max_tree(xs[h:])})"
def add_tree(xs):
    if len(xs) == 1: return xs[0]
    h = len(xs) // 2
    return f"{add_tree(xs[:h])}.add({add_tree(xs[h:])})"
def bias_then_reference(a, acc, QV, keys, bias_comment="", reference_comment=None):
    # every path: the sum from zero, then the bias, then minus the reference (FusedAttentionKernel: one rounding path)
    a("        if (bias != null) {" + bias_comment)
    for j in range(keys):
        for v in range(QV):
            off = f"biasOff + {j} * PANEL" if j else "biasOff"
            off += sfx(v)
            a(f"            {acc[v][j]} = {acc[v][j]}.add(FloatVector.fromArray(S, bias, {off}));")
    a("        }")
    if reference_comment:
        a(reference_comment)
    for v in range(QV):
        a(f"        FloatVector r{v} = FloatVector.fromArray(S, state, REFERENCE{sfx(v)});")
    for v in range(QV):
        for j in range(keys):
            a(f"        {acc[v][j]} = {acc[v][j]}.sub(r{v});")
def exponentials_and_sums(a, acc, flat, QV):
    # 2^y on the registers (FusedAttentionKernel.exp2's steps), then each query vector's sum
    a("        FloatVector p6 = FloatVector.broadcast(S, P6), p5 = FloatVector.broadcast(S, P5), p4 = FloatVector.broadcast(S, P4);")
    a("        FloatVector p3 = FloatVector.broadcast(S, P3), p2 = FloatVector.broadcast(S, P2), p1 = FloatVector.broadcast(S, P1);")
    a("        FloatVector one = FloatVector.broadcast(S, ONE), rounder = FloatVector.broadcast(S, ROUNDER);")
    a("        IntVector lowest = IntVector.broadcast(I, LOWEST), exponentBias = IntVector.broadcast(I, BIAS);")
    for x in flat:
        a(f"        {{ FloatVector t = {x}.add(rounder);")
        a(f"          FloatVector f = {x}.sub(t.sub(rounder));")
        a(f"          {x} = f.fma(p6, p5).fma(f, p4).fma(f, p3).fma(f, p2).fma(f, p1).fma(f, one)")
        a(f"                  .mul(t.reinterpretAsInts().max(lowest).lanewise(VectorOperators.LSHL, 23).add(exponentBias).reinterpretAsFloats()); }}")
    for v in range(QV):
        a(f"        FloatVector.fromArray(S, state, SUM{sfx(v)}).add({add_tree(acc[v])}).intoArray(state, SUM{sfx(v)});")
def tile(QV, C):
    L = []
    a = L.append
    acc = [[f"s{v}{j}" for j in range(C)] for v in range(QV)]
    flat = [acc[v][j] for v in range(QV) for j in range(C)]
    a("    @Override")
    a("    boolean weights(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state, int slot,")
    a("                    boolean settled) {")
    a("        // QK^T: one accumulator per (query vector, key), the queries in lanes")
    a(zeros(flat))
    a("        // one induction variable, every index linear in it: C2 can then drop the range checks from the loop")
    def qk_body(cc, ind):
        for v in range(QV):
            a(f"{ind}FloatVector q{v} = FloatVector.fromArray(S, qt, {cc} * PANEL{sfx(v)});")
        for j in range(C):
            a(f"{ind}{'FloatVector ' if j == 0 else ''}k = FloatVector.broadcast(S, kt[kOff + {cc} * KEYS{' + ' + str(j) if j else ''}]);")
            for v in range(QV):
                a(f"{ind}{acc[v][j]} = q{v}.fma(k, {acc[v][j]});")
    import os
    if os.environ.get("UQK") == "1":
        a("        int c = 0;")
        a("        for (; c + 1 < d; c += 2) {")
        a("            {")
        qk_body("c", "                ")
        a("            }")
        qk_body("(c + 1)", "            ")
        a("        }")
        a("        if (c < d) {")
        qk_body("c", "            ")
        a("        }")
    else:
        a("        for (int c = 0; c < d; c++) {")
        qk_body("c", "            ")
        a("        }")
    bias_then_reference(a, acc, QV, C, "   // hidden pairs far below anything visible, before the reference and the exponential",
                        "        // scores relative to the reference; as ints, the largest is over TAU's bits exactly when the float is over TAU")
    a(f"        IntVector top = {max_tree(flat)};")
    a("        if (!settled && top.compare(VectorOperators.GT, IntVector.broadcast(I, TAU_BITS)).anyTrue()) {")
    a("            return false;   // the caller raises the references and runs the tile again")
    a("        }")
    a("        // 2^y on the registers (FusedAttentionKernel.exp2's steps)")
    a("        // constants as vectors: an operation with a scalar argument drags its generic template (and, for ints,")
    a("        // the shift branch) into C2's graph, and a graph too large loses its vector intrinsics")
    exponentials_and_sums(a, acc, flat, QV)
    a("        // the weights to L1 for accumulate (a second method: one this long does not fit C1's and C2's limits)")
    for j in range(C):
        for v in range(QV):
            a(f"        {acc[v][j]}.intoArray(state, WEIGHTS + slot * KEYS * PANEL + {j * QV + v} * L);")
    a("        return true;")
    a("    }")
    a("")
    for T, name, doc in ((1, "accumulate", None), (2, "accumulatePair", None)):
        w = [[f"w{v}{j}" for j in range(T * C)] for v in range(QV)]
        a("    @Override")
        a(f"    void {name}(float[] vt, int kOff, int d, float[] state, float[] ot) {{")
        for j in range(T * C):
            for v in range(QV):
                a(f"        FloatVector {w[v][j]} = FloatVector.fromArray(S, state, WEIGHTS + {j * QV + v} * L);")
        if T == 2:
            a("        int kOff2 = kOff + d * KEYS;   // the next tile's keys")
        a("        // PV: weights times the tiles' values, into the transposed output, key by key")
        a("        for (int c = 0; c < d; c++) {")
        for v in range(QV):
            a(f"            FloatVector o{v} = FloatVector.fromArray(S, ot, c * PANEL{sfx(v)});")
        for j in range(T * C):
            base = "kOff" if j < C else "kOff2"
            jj = j % C
            a(f"            {'FloatVector ' if j == 0 else ''}w = FloatVector.broadcast(S, vt[{base} + c * KEYS{' + ' + str(jj) if jj else ''}]);")
            for v in range(QV):
                a(f"            o{v} = {w[v][j]}.fma(w, o{v});")
        for v in range(QV):
            a(f"            o{v}.intoArray(ot, c * PANEL{sfx(v)});")
        a("        }")
        a("    }")
        if T == 1:
            a("")
    # pairScores: QK^T of two consecutive tiles, 2C keys, scores relative to the reference out to the Y slots
    acc2 = [[f"s{v}{j}" for j in range(2 * C)] for v in range(QV)]
    flat2 = [acc2[v][j] for v in range(QV) for j in range(2 * C)]
    a("")
    a("    @Override")
    a("    boolean pairScores(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state) {")
    # from zero, as weights() and tileMax() compute them: a score then rounds the same whichever path takes it (a
    # start at -reference rounds every partial sum differently, and two nearly tied keys scored on the two paths
    # were 3e-4 apart in base-2 units on the induction head's 816-wide dot products)
    a(zeros(flat2))
    a("        int kOff2 = kOff + d * KEYS;")
    a("        for (int c = 0; c < d; c++) {")
    for v in range(QV):
        a(f"            FloatVector q{v} = FloatVector.fromArray(S, qt, c * PANEL{sfx(v)});")
    for j in range(2 * C):
        base = "kOff" if j < C else "kOff2"
        jj = j % C
        a(f"            {'FloatVector ' if j == 0 else ''}k = FloatVector.broadcast(S, kt[{base} + c * KEYS{' + ' + str(jj) if jj else ''}]);")
        for v in range(QV):
            a(f"            {acc2[v][j]} = q{v}.fma(k, {acc2[v][j]});")
    a("        }")
    bias_then_reference(a, acc2, QV, 2 * C)
    a(f"        IntVector top = {max_tree(flat2)};")
    a("        if (top.compare(VectorOperators.GT, IntVector.broadcast(I, TAU_BITS)).anyTrue()) {")
    a("            return false;")
    a("        }")
    for j in range(2 * C):
        for v in range(QV):
            a(f"        {acc2[v][j]}.intoArray(state, WEIGHTS + {j * QV + v} * L);")
    a("        return true;")
    a("    }")
    # exponentiate one slot in place: y -> 2^y, summed per tile as weights() does
    a("")
    a("    @Override")
    a("    void exponentiate(float[] state, int slot) {")
    a("        int at = WEIGHTS + slot * KEYS * PANEL;")
    for v in range(QV):
        for j in range(C):
            a(f"        FloatVector {acc[v][j]} = FloatVector.fromArray(S, state, at + {j * QV + v} * L);")
    exponentials_and_sums(a, acc, flat, QV)
    for j in range(C):
        for v in range(QV):
            a(f"        {acc[v][j]}.intoArray(state, at + {j * QV + v} * L);")
    a("    }")
    L.pop()  # the caller appends the closing brace of the last method
    a("    }")
    return "\n".join(L)

def cls(name, bits, QV, C, regs, doc):
    lanes = bits // 32
    return f'''package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {doc} The tile is spelled out, one local per score vector, so that C2 keeps it in registers
 * (generated by core/api/codegen/fused_tiles.py; {{@link FusedAttentionKernel}} explains the steps).
 */
final class {name} extends FusedAttentionKernel {{

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_{bits};
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int PANEL = {QV} * L;
    private static final int KEYS = {C};
    private static final int REFERENCE = 0;
    private static final int SUM = PANEL;
    private static final int TILE_MAX = 2 * PANEL;
    private static final int WEIGHTS = 3 * PANEL;
    /** After the constants: its constructor reads PANEL. */
    static final {name} INSTANCE = new {name}();

    private {name}() {{
        super(PANEL, KEYS, "{QV} x {lanes} queries x {C} keys (FloatVector.SPECIES_{bits})", {"true" if bits == 512 else "false"});
    }}

{tile(QV, C)}

    @Override
    void tileMax(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state) {{
        for (int v = 0; v < PANEL; v += L) {{
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < KEYS; j++) {{
                FloatVector s = FloatVector.zero(S);
                for (int c = 0; c < d; c++) {{
                    s = FloatVector.fromArray(S, qt, c * PANEL + v).fma(FloatVector.broadcast(S, kt[kOff + c * KEYS + j]), s);
                }}
                if (bias != null) {{
                    s = s.add(FloatVector.fromArray(S, bias, biasOff + j * PANEL + v));
                }}
                max = max.max(s);
            }}
            max.intoArray(state, TILE_MAX + v);
        }}
    }}
}}
'''
open(sys.argv[1] + "/FusedTile512.java", "w").write(cls("FusedTile512", 512, int(sys.argv[3]) if len(sys.argv) > 3 else 2, int(sys.argv[2]) if len(sys.argv) > 2 else 4, 32,
  "AVX-512's register tile of the fused attention kernel: 32 queries (two vectors of 16) x 4 keys, 8 score\n * registers of 32, the rest for the Q vectors, a broadcast and the exponential's constants."))
open(sys.argv[1] + "/FusedTile256.java", "w").write(cls("FusedTile256", 256, 2, 3, 16,
  "AVX2's register tile of the fused attention kernel: 16 queries (two vectors of 8) x 3 keys, 6 score\n * registers of 16, the rest for the exponential's nine constants (no spills)."))
