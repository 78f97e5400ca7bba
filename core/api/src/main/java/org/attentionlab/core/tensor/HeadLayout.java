package org.attentionlab.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moves activations between the projections' layout, {@code n x (heads * d)} row-major (row i holds every
 * head's d values side by side), and the attention contract's one {@code n x d} array per head. Copies of
 * d floats with vectors rather than {@code System.arraycopy}, whose call costs more than 32 floats take to
 * move; rows are split over the kernel threads.
 */
public final class HeadLayout {

    private static final VectorSpecies<Float> S = VectorInfo.SPECIES;
    private static final int L = S.length();

    private HeadLayout() {
    }

    /**
     * Grouped-query attention's key or value heads as {@code heads} query heads see them: entry {@code h} is
     * {@code kvHeads[h / (heads / kvHeads.length)]}, the same array object, so the query heads of a group share one
     * (what {@link org.attentionlab.core.attention.AttentionInput} promises a plugin). Nothing is copied.
     *
     * @param kvHeads the key (or value) heads, one array each
     * @param heads   the query heads, a whole multiple of {@code kvHeads.length}
     * @return a new array of {@code heads} references
     * @throws IllegalArgumentException when {@code heads} is not a positive multiple of {@code kvHeads.length}
     */
    public static float[][] perQueryHead(float[][] kvHeads, int heads) {
        if (kvHeads.length == 0 || heads < 1 || heads % kvHeads.length != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads.length + " key/value heads evenly");
        }
        int group = heads / kvHeads.length;
        float[][] out = new float[heads][];
        for (int h = 0; h < heads; h++) {
            out[h] = kvHeads[h / group];
        }
        return out;
    }

    /**
     * {@code perHead[h][i * d + c] = merged[i * heads * d + h * d + c]} for every row i < n, head h <
     * {@code perHead.length} and c < d: the projections' {@code n x (heads * d)} row-major layout to one
     * {@code n x d} row-major array per head. Writes only the first {@code n * d} values of each head; rows
     * are split over {@link Parallel}'s threads.
     *
     * @throws IndexOutOfBoundsException when {@code merged} or a head is too short
     */
    public static void split(float[] merged, int n, int d, float[][] perHead) {
        int heads = perHead.length;
        Parallel.forRange(n, i -> {
            int at = i * heads * d;
            for (int h = 0; h < heads; h++, at += d) {
                copy(merged, at, perHead[h], i * d, d);
            }
        });
    }

    /**
     * The inverse of {@link #split}: {@code merged[i * heads * d + h * d + c] = perHead[h][i * d + c]}, so
     * writes the first {@code n * heads * d} values of {@code merged}.
     *
     * @throws IndexOutOfBoundsException when {@code merged} or a head is too short
     */
    public static void merge(float[][] perHead, int n, int d, float[] merged) {
        int heads = perHead.length;
        Parallel.forRange(n, i -> {
            int at = i * heads * d;
            for (int h = 0; h < heads; h++, at += d) {
                copy(perHead[h], i * d, merged, at, d);
            }
        });
    }

    private static void copy(float[] src, int from, float[] dst, int to, int count) {
        int c = 0;
        for (; c + L <= count; c += L) {
            FloatVector.fromArray(S, src, from + c).intoArray(dst, to + c);
        }
        for (; c < count; c++) {
            dst[to + c] = src[from + c];
        }
    }
}
