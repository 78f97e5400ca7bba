package org.attentionlab.core.attention;

import java.util.Optional;

/**
 * One layer's multi-head attention. An instance belongs to one layer of one model and may keep
 * scratch buffers between calls, so it is not shared between threads running different forwards.
 */
public interface Attention {

    /**
     * Computes softmax-like attention for every head.
     *
     * @param input per-head Q, K, V ({@code n x dHead} row-major each), the key-padding mask and the causal flag
     * @param out   per-head output, {@code out[h]} at least {@code n * dHead} long; every element is written
     */
    void forward(AttentionInput input, float[][] out);

    /** Analytic cost of one {@link #forward} on a shape: the algorithm's real cost, not a dense one with a mask. */
    AttentionCost cost(AttentionShape shape);

    /** The pairs this variant can attend to, when it is sparse; empty when every key is in reach (full, linear). */
    default Optional<AttentionPattern> pattern() {
        return Optional.empty();
    }
}
