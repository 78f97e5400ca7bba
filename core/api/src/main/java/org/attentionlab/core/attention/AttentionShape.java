package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * The shape a cost model is asked about ({@link Attention#cost}), and the shape of one call
 * ({@link AttentionInput#shape()}).
 *
 * @param n      sequence length in tokens, padding included
 * @param heads  number of heads
 * @param dHead  width of one head, in floats
 * @param causal whether query i may only attend to keys j <= i
 */
@ExtensionPoint
public record AttentionShape(int n, int heads, int dHead, boolean causal) {

    /**
     * Checks that every size is positive.
     *
     * @throws IllegalArgumentException when n, heads or dHead is below 1
     */
    public AttentionShape {
        if (n < 1 || heads < 1 || dHead < 1) {
            throw new IllegalArgumentException("shape must be positive, got n=" + n + " heads=" + heads + " dHead=" + dHead);
        }
    }
}
