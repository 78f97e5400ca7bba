package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * The shape of one layer's token-by-token decoding ({@link Attention#startDecode}): how many query heads and
 * key/value heads, the head width and the most tokens (prompt plus generated) the state will ever see.
 * Grouped-query attention has fewer key/value heads than query heads: query head {@code h} reads key/value
 * head {@code h / (heads / kvHeads)}; {@code kvHeads == heads} is plain multi-head attention and
 * {@code kvHeads == 1} multi-query attention.
 *
 * @param heads     query heads, at least 1
 * @param kvHeads   key/value heads, at least 1, dividing {@code heads}
 * @param dHead     width of one head, in floats, at least 1
 * @param maxTokens the most tokens the state is asked to hold in its history (prefill plus steps), at least 1;
 *                  a state may size its buffers from it, and a step past it throws
 */
@ExtensionPoint
public record DecodeShape(int heads, int kvHeads, int dHead, int maxTokens) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException when a size is below 1 or {@code kvHeads} does not divide {@code heads},
     *                                  with a one-line message naming the values
     */
    public DecodeShape {
        if (heads < 1 || kvHeads < 1 || dHead < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("decode shape must be positive, got heads=" + heads + " kvHeads=" + kvHeads
                    + " dHead=" + dHead + " maxTokens=" + maxTokens);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads=" + heads + " is not a multiple of kvHeads=" + kvHeads);
        }
    }

    /** Query heads per key/value head, {@code heads / kvHeads}. */
    public int group() {
        return heads / kvHeads;
    }

    /** The key/value head that query head {@code h} reads: {@code h / group()}. */
    public int kvHeadOf(int h) {
        return h / group();
    }
}
