package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * Which kind of model a plugin's attention can serve, as its factory declares it
 * ({@link org.attentionlab.core.plugin.AttentionFactory#causalSupport()}). An encoder runs every forward with
 * {@code causal == false}; a causal decoder runs every forward with {@code causal == true} and decodes token
 * by token through {@link Attention#startDecode}. Validation refuses a plugin on a model it cannot serve, in
 * one line, before anything runs.
 */
@ExtensionPoint
public enum CausalSupport {
    /**
     * Serves both: a bidirectional forward, a causal forward (query i sees no key after i) and a
     * {@link DecodeState} whose steps agree with the causal forward.
     */
    ENCODER_AND_DECODER,
    /**
     * Bidirectional only: a forward with {@code causal == true} throws, and so does {@link Attention#startDecode}.
     * The answer for a factory that does not say (e.g. Nystrom, Linformer: their landmarks or projections mix
     * future keys into every query).
     */
    ENCODER_ONLY,
    /**
     * Causal only: a forward with {@code causal == false} throws (e.g. heavy-hitter eviction, defined by the
     * order in which tokens arrive); the causal forward and the decode state agree.
     */
    DECODER_ONLY;

    /** True when a bidirectional forward (an encoder) is supported. */
    public boolean servesEncoders() {
        return this != DECODER_ONLY;
    }

    /** True when a causal forward and {@link Attention#startDecode} (a decoder) are supported. */
    public boolean servesDecoders() {
        return this != ENCODER_ONLY;
    }
}
