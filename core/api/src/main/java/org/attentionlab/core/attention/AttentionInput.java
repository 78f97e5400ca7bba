package org.attentionlab.core.attention;

import java.util.Objects;
import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * The inputs of one attention call, as the encoder hands them to a plugin. The arrays are the caller's
 * buffers, shared, not copied: an attention reads them during {@link Attention#forward} and must neither
 * change nor keep them.
 *
 * <p>Grouped-query attention (fewer key/value heads than query heads): {@code k.length == q.length} still
 * holds, and the caller passes the same array object for every query head of one group, so {@code k[h] ==
 * k[h2]} and {@code v[h] == v[h2]} (identity, not only equal contents) when {@code h / group == h2 / group},
 * with {@code group = heads / kvHeads}. A plugin may rely on that identity to pack or score a group's keys
 * and values once; one that ignores it computes the same result.
 *
 * @param q       per-head queries, {@code q[h]} holds {@code n x dHead} floats row-major (at least; longer buffers are allowed)
 * @param k       per-head keys, same layout
 * @param v       per-head values, same layout
 * @param n       sequence length (rows used in each buffer)
 * @param dHead   width of one head
 * @param keyMask {@code keyMask[j]} is true for a real token, false for padding (padded keys get no weight);
 *                {@code null} means every key is real
 * @param causal  query i may only attend to keys j <= i
 */
@ExtensionPoint
public record AttentionInput(float[][] q, float[][] k, float[][] v, int n, int dHead, boolean[] keyMask, boolean causal) {

    /**
     * Checks the shape; the buffers' lengths are the caller's promise and are not checked here.
     *
     * @throws NullPointerException     when {@code q}, {@code k} or {@code v} is null
     * @throws IllegalArgumentException when the head counts of q, k, v differ, {@code n < 1} or
     *                                  {@code dHead < 1}, or the mask is shorter than {@code n}
     */
    public AttentionInput {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(v, "v");
        if (q.length != k.length || q.length != v.length) {
            throw new IllegalArgumentException("q, k, v must have the same number of heads: " + q.length + ", " + k.length + ", " + v.length);
        }
        if (n < 1 || dHead < 1) {
            throw new IllegalArgumentException("n and dHead must be >= 1, got n=" + n + " dHead=" + dHead);
        }
        if (keyMask != null && keyMask.length < n) {
            throw new IllegalArgumentException("keyMask has " + keyMask.length + " entries for n=" + n);
        }
    }

    /** The number of heads, {@code q.length} (equal to {@code k.length} and {@code v.length}). */
    public int heads() {
        return q.length;
    }

    /** This call's shape, for {@link Attention#cost}: n, heads, dHead and the causal flag. */
    public AttentionShape shape() {
        return new AttentionShape(n, heads(), dHead, causal);
    }

    /** True when key {@code j} (0-based, below {@code n}) is a real token; always true without a mask. */
    public boolean keyValid(int j) {
        return keyMask == null || keyMask[j];
    }
}
