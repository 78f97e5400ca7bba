package org.attentionlab.core.attention;

/** The shape a cost model is asked about: sequence length, heads, head width, causal or not. */
public record AttentionShape(int n, int heads, int dHead, boolean causal) {
    public AttentionShape {
        if (n < 1 || heads < 1 || dHead < 1) {
            throw new IllegalArgumentException("shape must be positive, got n=" + n + " heads=" + heads + " dHead=" + dHead);
        }
    }
}
