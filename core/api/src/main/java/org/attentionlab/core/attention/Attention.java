package org.attentionlab.core.attention;

import java.util.Optional;
import java.util.OptionalLong;
import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * One layer's multi-head attention, the type every attention plugin implements. An instance belongs to one
 * layer of one model and may keep scratch buffers between calls, so it is not shared between threads
 * running different forwards; inside one {@link #forward} it may use the kernel threads of {@link
 * org.attentionlab.core.tensor.Parallel}.
 */
@ExtensionPoint
public interface Attention {

    /**
     * Computes softmax-like attention for every head: row {@code i} of {@code out[h]} is a weighted mix of
     * the rows of {@code v[h]}, with no weight on padded keys and, when causal, none on keys after {@code i}.
     * Reads only the first {@code n * dHead} values of each input buffer and does not modify them.
     *
     * @param input per-head Q, K, V ({@code n x dHead} row-major each), the key-padding mask and the causal flag
     * @param out   per-head output, {@code out.length == input.heads()} and {@code out[h]} at least
     *              {@code n * dHead} long; the first {@code n * dHead} values of every head are overwritten
     *              (a query whose keys are all padded gets a value the caller must ignore)
     * @throws IllegalArgumentException when the shape is beyond what this variant can hold (e.g. a score
     *                                  matrix larger than one Java array), with a one-line message
     */
    void forward(AttentionInput input, float[][] out);

    /**
     * Analytic cost of one {@link #forward} on a shape, counted from the algorithm actually run (a sparse
     * variant counts only the pairs it computes, not a dense product with a mask). Pure: depends on the
     * shape and the instance's parameters only, and may be called from any thread.
     */
    AttentionCost cost(AttentionShape shape);

    /**
     * The (query, key) pairs this variant can give weight to, when it is structurally sparse; empty when
     * every key is in reach (full, linear, low-rank). The pattern is fixed for the instance's parameters.
     */
    default Optional<AttentionPattern> pattern() {
        return Optional.empty();
    }

    /**
     * Bytes of scratch this instance holds now (after a forward at the longest length so far), when it can
     * tell: the contract tests compare it with {@link #cost}'s {@code scratchBytes} to keep the cost model
     * honest. Empty when the variant does not track it.
     */
    default OptionalLong heldScratchBytes() {
        return OptionalLong.empty();
    }

    /**
     * A fresh decoding state for one sequence: the key/value cache and cache policy of this variant, for a
     * causal decoder generating token by token (see {@link DecodeState} for the agreement with a causal
     * {@link #forward}). Plugins whose factory declares {@link CausalSupport#ENCODER_AND_DECODER} or
     * {@link CausalSupport#DECODER_ONLY} implement it; the state does not share mutable buffers with this
     * instance, so several states may exist at once.
     *
     * @param shape heads, key/value heads, head width and the most tokens the sequence may reach
     * @throws UnsupportedOperationException when the variant cannot decode (the default), with a one-line
     *                                       message naming the class
     */
    default DecodeState startDecode(DecodeShape shape) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no KV-cache decoding (startDecode)");
    }
}
