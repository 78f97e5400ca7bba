package org.attentionlab.core.model;

import org.attentionlab.core.attention.AttentionInput;

/**
 * Sees the inside of one forward pass, for per-layer diagnostics. The arrays handed over are the
 * encoder's scratch buffers: valid only during the call, copy what must be kept.
 */
public interface LayerObserver {

    /** The per-head Q, K, V and mask about to be given to layer {@code layer}'s attention. */
    default void attentionInput(int layer, AttentionInput input) {
    }

    /** The hidden state after layer {@code layer}: {@code n x hidden} row-major in the first {@code n * hidden} values. */
    default void layerOutput(int layer, float[] hidden, int n) {
    }
}
