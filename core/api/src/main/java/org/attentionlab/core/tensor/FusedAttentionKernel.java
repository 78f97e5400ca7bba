package org.attentionlab.core.tensor;

import java.util.Arrays;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact softmax attention for one panel of queries, fused at the register level: for each tile of keys,
 * QK^T accumulates in registers, the online softmax's exponentials are taken on those registers, and PV
 * multiplies them straight into the panel's output, so no score or weight ever goes to memory.
 *
 * <p><b>Layout: queries in lanes.</b> A panel is {@link #panelRows()} queries (two vectors); a vector holds
 * one key's scores for 16 (AVX-512) or 8 (AVX2) queries. So the softmax's running maximum and sum are lane
 * by lane, with no horizontal reduction, and PV needs no transpose of the weights: per feature c the output
 * column {@code O^T[c]} (one vector per query vector) gains {@code weight_j * V[j][c]} for each key j of the
 * tile, a broadcast of one value. The queries are packed transposed ({@code qt[c * panel + r]}), pre-scaled
 * by {@code log2(e) / sqrt(d)} so the scores come out in base-2 units; K and V are packed in tiles of
 * {@link #tileKeys()} keys ({@link #pack}), so a tile's keys for one feature are adjacent.
 *
 * <p><b>Online softmax, lazily rescaled.</b> Per query the state holds a reference r (not necessarily the
 * running maximum), the sum of {@code 2^(s - r)} and the output accumulated with those weights. A tile only
 * moves r when one of its scores exceeds {@code r + }{@link #TAU} (FlashAttention-4's lazy rescaling), found
 * with one integer max per score vector (for floats above 0 the signed order of the bits is the float order):
 * then the tile's maxima are taken exactly, r becomes the maximum, the sum and output are multiplied by
 * {@code 2^(r_old - r_new)} (a scalar loop) and the tile runs again. Weights stay below {@code 2^TAU}, far
 * from float overflow, and the rescale runs about once per query (its first visible key, against the
 * reference {@link #UNSEEN}) instead of whenever the maximum grows.
 *
 * <p><b>The exponential</b> is {@link #exp2}'s steps on vectors, 13 operations from y = s - r: t = y + 1.5 *
 * 2^23 (k = round(y) in t's low bits); f = y - (t - 1.5 * 2^23) in [-0.5, 0.5]; a degree-6 polynomial for
 * 2^f (6 FMAs); 2^k = (max(bits(t), bits of 1.5 * 2^23 - 127) << 23) + bias, the integer max making 2^k
 * exactly 0 for k <= -127; their product. So a hidden pair ({@link #HIDDEN} added to its score) weighs
 * exactly 0 with no blend, and anything more than 126.5 below the reference weighs 0, as {@link VectorExp}
 * gives 0 below its MIN. No float max or blend anywhere: on JDK 17 a float max with Java's NaN rules is
 * about six instructions, an integer max one. Relative error against {@code 2^y}: at most 2e-7
 * (KernelPairsTest).
 *
 * <p><b>Every path scores alike.</b> A score is summed from zero over the features, in feature order, then
 * the bias is added and the reference subtracted, in {@link #weights}, {@link #pairScores} and {@link #tileMax}
 * alike. Summing from minus the reference instead (one subtraction less) rounds every partial sum differently,
 * and a long dot product's rounding is large in absolute terms: two keys tied to within 0.01, one scored on each
 * path, came out 3e-4 apart in base-2 units on the induction-head decoder's 816-wide heads, an output error of
 * 5e-5 where the dense oracle's rounding is 6e-7 (RegisterFusedAttentionTest). Summed alike, nearly equal keys
 * keep nearly equal rounding, as in the materialized algorithm.
 *
 * <p><b>Hidden pairs</b> (a partial tile, padded keys, keys past the range) come as a bias tile of 0 and
 * {@link #HIDDEN} added to the scores: one add per score vector. A query with no visible key keeps a zero
 * sum and its output stays zero.
 *
 * <p><b>Cost per vector of 16 scores</b> (AVX-512, dHead 32): 32 FMAs of QK^T, 32 of PV, and 16 other
 * operations on the same two ports (the subtraction of the reference, the integer max, 13 for the exponential,
 * 1 add to the sum), so the kernel can reach at most 64 / 80 = 80%
 * of the FMA peak; loads (two Q vectors per tile's keys and one broadcast per key and feature, twice, and
 * the output column's load and store per feature) go to the load and store ports.
 *
 * <p><b>Tile shapes, and what limits them.</b> {@link #wide()} (AVX-512, 32 registers) keeps 2 x 4 score
 * vectors, {@link #narrow()} (AVX2, 16 registers) 2 x 3, leaving room for the exponential's nine constants.
 * Larger tiles do not survive HotSpot's compilers (JDK 17), measured: a tile method of 2 x 7 or 2 x 8 score
 * vectors spelled out (QK^T, exponentials and PV in one method) makes C1, the profiling compile every method
 * passes on its way to C2, run out of virtual registers, and the kernel stays in C1's code (0.7 GFLOP/s);
 * 2 x 6 in one method reached 99 GFLOP/s alone but, after other vector code had run in the same JVM (the
 * benchmark's other algorithms, a whole model), C2 lost some vector intrinsics in it and boxed its vectors
 * (13 GFLOP/s). So each tile is two methods, {@link #weights} (QK^T, the check, the exponentials, the
 * weights out to an L1 tile) and {@link #accumulate} (PV from that tile), every constant is a vector (an
 * operation with a scalar argument brings its generic template into C2's graph), and 2 x 4 is the largest
 * tile that kept its speed in both settings (2 x 5 and 2 x 6 lost a third or more after other vector code).
 * What the limits allow is more, smaller methods over two tiles at once (8 keys), passing vectors through
 * L1 (a store and a load per score vector, on the load and store ports, not the FMA ports):
 * {@link #pairScores} (QK^T of both tiles, 16 accumulators, and the rescale check), {@link #exponentiate} (one
 * tile's 8 score vectors to weights, twice) and {@link #accumulatePair} (PV over 8 keys per feature step, 16
 * weight registers): each feature step carries twice the FMAs of a one-tile loop for the same loads of the
 * output column and loop overhead. Measured at n = 2048: 59% of the peak with one tile's QK^T and exp per
 * call, 64-65% with this. A pair that asks for a rescale (rare) goes tile by tile through {@link #weights}.
 *
 * <p>Stateless; all state lives in the caller's arrays, so one instance serves every thread.
 */
public abstract class FusedAttentionKernel {

    /**
     * Headroom, in base-2 units, a score may exceed the reference by before the tile rescales: weights stay
     * below 2^8, so a sum over 2^31 keys stays far below float's maximum.
     */
    public static final float TAU = 8f;

    /** TAU's bits: a float y is above TAU exactly when its bits, as a signed int, are above these. */
    static final int TAU_BITS = Float.floatToRawIntBits(TAU);
    /**
     * What a hidden pair adds to its score: far below any visible score, yet finite, so that the exponential's
     * steps give exactly 0 without producing infinity minus infinity.
     */
    public static final float HIDDEN = -0x1p100f;
    /** The reference of a query that has seen no visible key: its first visible score is far above it. */
    static final float UNSEEN = -0x1p40f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low bits. */
    static final float ROUNDER = 12582912f;
    /** The bits of ROUNDER - 127: t's bits clamped here give 2^-127, whose bits after the shift are exactly 0. */
    static final int LOWEST = Float.floatToRawIntBits(ROUNDER) - 127;
    /** The exponent bias, in place. */
    static final int BIAS = 127 << 23;
    static final float ONE = 1f;
    /**
     * 2^f = 1 + f (P1 + f (P2 + ... + f P6)) on |f| <= 0.5: a least-squares fit for relative error, 2.0e-9 in
     * double and 7.9e-8 when evaluated in float with FMAs.
     */
    static final float P1 = 0.6931471824645996f;
    static final float P2 = 0.24022647738456726f;
    static final float P3 = 0.055503323674201965f;
    static final float P4 = 0.009618437848985195f;
    static final float P5 = 0.0013398847077041864f;
    static final float P6 = 0.00015353270282503217f;
    private static final double LOG2E = 1.4426950408889634;

    private final int panel;
    private final int keys;
    private final String name;
    /**
     * Whether QK^T and the exponentials also go two tiles at a time ({@link #pairScores}): on AVX-512 (64-66%
     * of the peak against 59% tile by tile); not with AVX2's 16 registers, where, measured under
     * {@code -XX:UseAVX=2}, it fell to 37% of that peak against 58% tile by tile.
     */
    private final boolean pairScores;

    FusedAttentionKernel(int panel, int keys, String name, boolean pairScores) {
        this.panel = panel;
        this.keys = keys;
        this.name = name;
        this.pairScores = pairScores;
    }

    /**
     * The tile shape for this machine's vector width: {@link #wide()} with 512-bit vectors, {@link #narrow()}
     * with 256-bit ones; empty with narrower vectors, where 256-bit vectors would be emulated.
     */
    public static Optional<FusedAttentionKernel> forThisMachine() {
        int bits = VectorInfo.SPECIES.vectorBitSize();
        return bits >= 512 ? Optional.of(wide()) : bits == 256 ? Optional.of(narrow()) : Optional.empty();
    }

    /** AVX-512's shape (32 registers of 16 floats): panels of 32 queries, tiles of 4 keys, 8 score registers. */
    public static FusedAttentionKernel wide() {
        return FusedTile512.INSTANCE;
    }

    /** AVX2's shape (16 registers of 8 floats): panels of 16 queries, tiles of 3 keys, 6 score registers. */
    public static FusedAttentionKernel narrow() {
        return FusedTile256.INSTANCE;
    }

    /** Queries per panel: two vectors. */
    public int panelRows() {
        return panel;
    }

    /** Keys per tile. */
    public int tileKeys() {
        return keys;
    }

    /** Floats {@link #pack} writes for {@code n} rows of {@code d}: n rounded up to whole tiles. */
    public long packedLength(int n, int d) {
        return (long) (n + keys - 1) / keys * keys * d;
    }

    /**
     * Packs K or V ({@code x[j * d + c]}, {@code j < n}) in tiles of {@link #tileKeys()} keys: key j's feature c
     * goes to {@code packed[((j / keys) * d + c) * keys + j % keys]}; keys past n in the last tile are zero.
     */
    public void pack(float[] x, int n, int d, float[] packed) {
        int tiles = (n + keys - 1) / keys;
        int t = 0;
        if (keys == 4 && PanelMoves512.NATIVE && d % 4 == 0 && d <= PanelMoves512.MAX_D) {
            t = n / keys;   // the whole tiles by gathers; a last partial tile below
            PanelMoves512.packTiles(x, t, d, packed);
        }
        for (; t < tiles; t++) {
            int base = t * d * keys;
            for (int jj = 0; jj < keys; jj++) {
                int j = t * keys + jj;
                if (j < n) {
                    for (int c = 0, at = base + jj, src = j * d; c < d; c++, at += keys) {
                        packed[at] = x[src + c];
                    }
                } else {
                    for (int c = 0, at = base + jj; c < d; c++, at += keys) {
                        packed[at] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs queries {@code [i0, i0 + rows)} of {@code q} ({@code n x d}, row-major) transposed and scaled:
     * {@code qt[c * panel + r] = q[(i0 + r) * d + c] * log2(e) / sqrt(d)}; lanes from {@code rows} on are zero.
     */
    public void packQueries(float[] q, int i0, int rows, int d, float[] qt) {
        float factor = (float) (LOG2E / Math.sqrt(d));
        if (panel == 32 && rows == 32 && PanelMoves512.NATIVE && d <= PanelMoves512.MAX_D) {
            PanelMoves512.packQueries(q, i0, d, factor, qt);
            return;
        }
        for (int r = 0; r < panel; r++) {
            if (r < rows) {
                for (int c = 0, at = r, src = (i0 + r) * d; c < d; c++, at += panel) {
                    qt[at] = q[src + c] * factor;
                }
            } else {
                for (int c = 0, at = r; c < d; c++, at += panel) {
                    qt[at] = 0f;
                }
            }
        }
    }

    /** Floats of a panel's softmax state: reference, sum and a tile's maximum per query, and two tiles' weights. */
    public int stateLength() {
        return (3 + 2 * keys) * panel;
    }

    /** Starts a panel: no key seen (reference {@link #UNSEEN}, sum 0) and a zero output {@code ot}. */
    public void begin(float[] state, float[] ot, int d) {
        Arrays.fill(state, 0, panel, UNSEEN);
        Arrays.fill(state, panel, 3 * panel, 0f);
        Arrays.fill(ot, 0, panel * d, 0f);
    }

    /**
     * Seeds query {@code r}'s reference with its score against key {@code j} (one it sees; {@code k} row-major
     * {@code n x d}), so that its first tile need not raise it. The first visible key would otherwise raise the
     * reference tile by tile: where the panel's rows first see a key in different tiles (a window's edge
     * tile is a triangle), every tile of that triangle was scored three times ({@link #weights}, {@link #tileMax},
     * {@link #weights} again) and left the pair path. Any visible key will do: the reference is an offset that
     * later scores raise by the lazy rule, so this score, in base-2 units, need not round as the tiles' do.
     * {@code q} is the head's queries, row-major, not the panel's packed ones: query {@code i} is the panel's row r.
     */
    public void seed(float[] state, int r, float[] q, int i, float[] k, int j, int d) {
        VectorSpecies<Float> species = VectorInfo.SPECIES;
        FloatVector sum = FloatVector.zero(species);
        int c = 0;
        for (int qi = i * d, kj = j * d; c <= d - species.length(); c += species.length()) {
            sum = FloatVector.fromArray(species, q, qi + c).fma(FloatVector.fromArray(species, k, kj + c), sum);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; c < d; c++) {
            s = Math.fma(q[i * d + c], k[j * d + c], s);
        }
        state[r] = s * (float) (LOG2E / Math.sqrt(d));
    }

    /**
     * Folds key tiles {@code [firstTile, endTile)} into the panel: keys {@code [firstTile * keys, endTile *
     * keys)} of K and V packed by {@link #pack}.
     *
     * @param qt   the panel's queries from {@link #packQueries}
     * @param bias null when every key of the tiles is visible to every query of the panel; else
     *             {@code bias[(j - firstTile * keys) * panel + r]} is 0 where query r sees key j and negative
     *             infinity where it does not
     * @param ot   the panel's output, transposed ({@code ot[c * panel + r]}), in the state's reference units
     */
    public void run(float[] qt, float[] kt, float[] vt, int d, int firstTile, int endTile, float[] bias,
                    float[] state, float[] ot) {
        int t = firstTile;
        // two tiles' weights, then one PV over both (half the output traffic and loop overhead per FMA)
        for (; t + 1 < endTile; t += 2) {
            int kOff = t * d * keys;
            if (pairScores && pairScores(qt, kt, kOff, d, bias, (t - firstTile) * keys * panel, state)) {
                exponentiate(state, 0);
                exponentiate(state, 1);
                accumulatePair(vt, kOff, d, state, ot);
                continue;
            }
            settledWeights(qt, kt, kOff, d, bias, (t - firstTile) * keys * panel, state, 0, ot);
            int next = kOff + d * keys;
            int nextBias = (t + 1 - firstTile) * keys * panel;
            if (weights(qt, kt, next, d, bias, nextBias, state, 1, false)) {
                accumulatePair(vt, kOff, d, state, ot);
            } else {
                // the second tile raises references: the first tile's weights (old references) go in first
                accumulate(vt, kOff, d, state, ot);
                settledWeights(qt, kt, next, d, bias, nextBias, state, 0, ot);
                accumulate(vt, next, d, state, ot);
            }
        }
        if (t < endTile) {
            int kOff = t * d * keys;
            settledWeights(qt, kt, kOff, d, bias, (t - firstTile) * keys * panel, state, 0, ot);
            accumulate(vt, kOff, d, state, ot);
        }
    }

    /** A tile's weights into weight slot {@code slot}, raising the references first when the tile asks for it. */
    private void settledWeights(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state,
                                int slot, float[] ot) {
        if (!weights(qt, kt, kOff, d, bias, biasOff, state, slot, false)) {
            tileMax(qt, kt, kOff, d, bias, biasOff, state);
            raise(state, ot, d);
            weights(qt, kt, kOff, d, bias, biasOff, state, slot, true);
        }
    }

    /**
     * Writes the panel's first {@code rows} output rows, {@code o[oOff + r * d + c] = ot[c * panel + r] / sum_r},
     * and zeros for a query that saw no key.
     */
    public void finish(float[] state, float[] ot, int rows, int d, float[] o, int oOff) {
        if (panel == 32 && rows == 32 && PanelMoves512.NATIVE && d <= PanelMoves512.MAX_D) {
            PanelMoves512.finish(state, panel, ot, d, o, oOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            float sum = state[panel + r];
            float inverse = sum > 0f ? 1f / sum : 0f;
            for (int c = 0, at = r, to = oOff + r * d; c < d; c++, at += panel) {
                o[to + c] = ot[at] * inverse;
            }
        }
    }

    /**
     * A tile's weights: QK^T for keys {@code [kOff / d, kOff / d + keys)} packed at {@code kOff} (bias at
     * {@code biasOff}, or null), the lazy rescale's check, the exponentials, their sums, and the weights out to
     * {@code state}'s weight tile. Returns false, having changed nothing, when a score passes its query's
     * reference by more than TAU (or is a query's first visible one) and the tile is not {@code settled}: the
     * caller then takes the tile's maxima ({@link #tileMax}), raises the references ({@link #raise}) and asks
     * again settled. Kept apart from {@link #accumulate}: see the class comment on tile shapes.
     */
    abstract boolean weights(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state,
                             int slot, boolean settled);

    /** PV: the weights in slot 0 of {@code state} times the tile's values, added to the panel's transposed output. */
    abstract void accumulate(float[] vt, int kOff, int d, float[] state, float[] ot);

    /**
     * QK^T of two consecutive tiles from {@code kOff}, relative to the references, into weight slots 0 and 1;
     * false, having changed nothing, when a score asks for a rescale (the caller then goes tile by tile).
     */
    abstract boolean pairScores(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state);

    /** The scores in weight slot {@code slot} become weights 2^y in place, and are added to the sums. */
    abstract void exponentiate(float[] state, int slot);

    /** PV for two consecutive tiles from {@code kOff}: the weights in slots 0 and 1, key by key. */
    abstract void accumulatePair(float[] vt, int kOff, int d, float[] state, float[] ot);

    /** The tile's largest score per query (after the bias) into {@code state[2 * panel + r]}, exactly as the tile computes them. */
    abstract void tileMax(float[] qt, float[] kt, int kOff, int d, float[] bias, int biasOff, float[] state);

    /**
     * Moves the reference of every query whose tile maximum ({@code state[2 * panel + r]}) is more than TAU above
     * it (or is its first visible score) to that maximum, rescaling its sum and output by {@code 2^(old - new)}
     * (by 0 for a query's first visible key, whose sum and output are still zero).
     */
    final void raise(float[] state, float[] ot, int d) {
        int p = panel;
        for (int r = 0; r < p; r++) {
            float max = state[2 * p + r];
            float reference = state[r];
            boolean first = reference == UNSEEN && max > HIDDEN / 2;
            if (first || max - reference > TAU) {
                float correction = first ? 0f : exp2(reference - max);
                state[p + r] *= correction;
                for (int c = 0, at = r; c < d; c++, at += p) {
                    ot[at] *= correction;
                }
                state[r] = max;
            }
        }
    }

    /**
     * The scalar twin of the kernel's exponential, step for step: {@code 2^y} for y up to 127, exactly 0 from
     * -126.5 down to {@link #HIDDEN} and beyond, NaN for NaN (and for negative infinity, which the kernel never
     * meets: a hidden pair is HIDDEN, finite).
     */
    static float exp2(float y) {
        float t = y + ROUNDER;
        float f = y - (t - ROUNDER);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(f, P6, P5), f, P4), f, P3), f, P2), f, P1), f, ONE);
        return p * Float.intBitsToFloat((Math.max(Float.floatToRawIntBits(t), LOWEST) << 23) + BIAS);
    }

    @Override
    public String toString() {
        return name;
    }
}
