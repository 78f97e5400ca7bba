package org.attentionlab.core.attention;

import java.util.Objects;

/**
 * The inputs of one attention call.
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
public record AttentionInput(float[][] q, float[][] k, float[][] v, int n, int dHead, boolean[] keyMask, boolean causal) {

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

    public int heads() {
        return q.length;
    }

    public AttentionShape shape() {
        return new AttentionShape(n, heads(), dHead, causal);
    }

    /** True when key j is a real token. */
    public boolean keyValid(int j) {
        return keyMask == null || keyMask[j];
    }
}
